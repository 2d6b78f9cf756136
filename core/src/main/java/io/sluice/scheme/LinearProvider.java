package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Linear: {@code Linear-Signature} = hex HMAC-SHA256 of the body; the body's {@code webhookTimestamp}
 * (epoch milliseconds) must be within 60 s, as Linear's SDK checks. Id: {@code Linear-Delivery}
 * (required); type: body {@code /type} (the entity: {@code Issue}, {@code Comment}…), the action
 * ({@code create}, {@code update}, {@code remove}) is an attribute.
 */
final class LinearProvider extends HmacFamily {
    LinearProvider() {
        super(HmacRule.header("Linear-Signature")
                .timestamp(ValueLocator.json("/webhookTimestamp"), Duration.ofSeconds(60))
                .idFrom(ValueLocator.header("Linear-Delivery"))
                .typeFrom(ValueLocator.json("/type"), ValueLocator.header("Linear-Event")));
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/identifier", "/data/id").time("/createdAt", "/webhookTimestamp")
                .attribute("action", "/action").attribute("organization_id", "/organizationId")
                .attribute("webhook_id", "/webhookId").attribute("actor", "/actor/name").attribute("url", "/url");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"action\":\"create\",\"type\":\"Issue\",\"createdAt\":\"" + now + "\",\"data\":{\"id\":\""
                + UUID.randomUUID() + "\",\"identifier\":\"ENG-42\",\"title\":\"Try Sluice\"},"
                + "\"url\":\"https://linear.app/acme/issue/ENG-42\",\"webhookTimestamp\":" + now.toEpochMilli() + "}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node-crypto per Linear's docs, each case checked by @linear/sdk LinearWebhookClient.verify";
    }
}
