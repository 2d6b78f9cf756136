package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Instant;
import java.util.UUID;

/**
 * Coinbase Commerce: {@code X-CC-Webhook-Signature} = hex HMAC-SHA256 of the raw body, keyed with the
 * endpoint's shared secret (UTF-8). No timestamp is signed. The body wraps the event: id
 * {@code /event/id} (required; the top-level {@code id} names one delivery), type {@code /event/type}.
 */
final class CoinbaseCommerceProvider extends HmacFamily {
    CoinbaseCommerceProvider() {
        super(HmacRule.header("X-CC-Webhook-Signature")
                .idFrom(ValueLocator.json("/event/id"))
                .typeFrom(ValueLocator.json("/event/type")));
    }

    @Override
    public String name() {
        return "coinbase-commerce";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/event/data/code", "/event/data/id").time("/event/created_at")
                .attribute("resource", "/event/resource").attribute("api_version", "/event/api_version")
                .attribute("attempt_number", "/attempt_number");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"attempt_number\":1,\"event\":{\"api_version\":\"2018-03-22\",\"created_at\":\"" + now + "\","
                + "\"data\":{\"code\":\"66BEOV2A\",\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Sluice demo\"},"
                + "\"id\":\"" + UUID.randomUUID() + "\",\"resource\":\"event\",\"type\":\"charge:confirmed\"},"
                + "\"id\":\"" + UUID.randomUUID() + "\",\"scheduled_for\":\"" + now + "\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "coinbase-commerce-node Webhook.computeSignature (tools/vectors/package-lock.json)";
    }
}
