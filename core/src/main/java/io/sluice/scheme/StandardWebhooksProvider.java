package io.sluice.scheme;

import java.time.Instant;
import java.util.UUID;

/** Standard Webhooks itself (any sender that follows the spec): the family with its defaults. */
final class StandardWebhooksProvider extends StandardWebhooksFamily {
    @Override
    public String name() {
        return "standard-webhooks";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().time("/timestamp");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"invoice.paid\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"inv_"
                + UUID.randomUUID().toString().substring(0, 8) + "\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "standardwebhooks and svix Webhook.sign (tools/vectors/package-lock.json); the spec's example";
    }
}
