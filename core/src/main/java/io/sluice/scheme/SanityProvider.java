package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sanity (GROQ-powered webhooks): {@code sanity-webhook-signature: t=<ms>,v1=<base64url>}, HMAC-SHA256 of
 * {@code <t>.<raw body>} keyed with the webhook secret. The toolkit checks no age; Sluice refuses timestamps
 * further than 300 s away. The body is the webhook's GROQ projection (by default the changed document): id
 * the {@code idempotency-key} header, else the SHA-256 of the body; type the body's {@code /_type}, else the
 * {@code sanity-operation} header.
 */
final class SanityProvider extends ParamsHeaderFamily {
    SanityProvider() {
        super(new Rule("sanity-webhook-signature", ",", "t", "v1", ".", true, Duration.ofSeconds(300),
                List.of(ValueLocator.header("idempotency-key")),
                List.of(ValueLocator.json("/_type"), ValueLocator.header("sanity-operation")), true));
    }

    @Override
    public String name() {
        return "sanity";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/_id").time("/_updatedAt", "/_createdAt").attribute("revision", "/_rev");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"_id\":\"post-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"_type\":\"post\",\"_rev\":\"Xk2hH6tJq1\","
                + "\"_updatedAt\":\"" + now + "\",\"title\":\"Hello, world\",\"slug\":{\"_type\":\"slug\",\"current\":\"hello-world\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@sanity/webhook encodeSignatureHeader, checked by isValidSignature (tools/vectors/package-lock.json)";
    }
}
