package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Paddle Billing: {@code Paddle-Signature: ts=<s>;h1=<hex>}, HMAC-SHA256 of {@code <ts>:<raw body>} keyed
 * with the notification destination's secret key. Tolerance 5 s, as Paddle's SDK
 * (WebhooksValidator.MAX_VALID_TIME_DIFFERENCE): Paddle signs each attempt afresh. Id: body
 * {@code /event_id}; type: body {@code /event_type}.
 */
final class PaddleProvider extends ParamsHeaderFamily {
    PaddleProvider() {
        super(new Rule("Paddle-Signature", ";", "ts", "h1", ":", false, Duration.ofSeconds(5),
                List.of(ValueLocator.json("/event_id")), List.of(ValueLocator.json("/event_type"))));
    }

    @Override
    public String name() {
        return "paddle";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/id").time("/occurred_at")
                .attribute("notification_id", "/notification_id").attribute("customer_id", "/data/customer_id")
                .attribute("subscription_id", "/data/subscription_id").attribute("status", "/data/status");
    }

    @Override
    public String sampleBody(Instant now) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 26);
        return "{\"event_id\":\"evt_" + id + "\",\"event_type\":\"transaction.completed\",\"occurred_at\":\"" + now
                + "\",\"notification_id\":\"ntf_" + id + "\",\"data\":{\"id\":\"txn_" + id + "\",\"status\":\"completed\","
                + "\"customer_id\":\"ctm_01hv6y1jedq4p1n0yqn5ba3ky4\",\"currency_code\":\"EUR\","
                + "\"details\":{\"totals\":{\"total\":\"2400\",\"currency_code\":\"EUR\"}}}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@paddle/paddle-node-sdk NodeCrypto.computeHmac, checked by paddle.webhooks.isSignatureValid (tools/vectors/package-lock.json)";
    }
}
