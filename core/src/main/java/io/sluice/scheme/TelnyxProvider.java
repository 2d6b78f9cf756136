package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Telnyx (API v2 webhooks): {@code telnyx-signature-ed25519} = base64 Ed25519 signature of
 * {@code <telnyx-timestamp>|<raw body>}, verified with the account's public key as Mission Control hands
 * it out (base64 of the 32 raw bytes) in {@code secrets}; 300 s tolerance either way (the SDK's window).
 * Id: body {@code /data/id}, else SHA-256 of the body; type: body {@code /data/event_type}.
 */
final class TelnyxProvider extends PublicKeyFamily {
    TelnyxProvider() {
        super(PublicKeyRule.ed25519("telnyx-signature-ed25519").base64Signature().base64Key()
                .template("{timestamp}|{body}")
                .timestamp("telnyx-timestamp", Duration.ofSeconds(300))
                .idFromOrHash(ValueLocator.json("/data/id"))
                .typeFrom(ValueLocator.json("/data/event_type")));
    }

    @Override
    public String name() {
        return "telnyx";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/payload/id", "/data/payload/call_control_id").time("/data/occurred_at")
                .attribute("record_type", "/data/record_type").attribute("attempt", "/meta/attempt")
                .attribute("connection_id", "/data/payload/connection_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"data\":{\"event_type\":\"message.received\",\"id\":\"" + UUID.randomUUID() + "\",\"occurred_at\":\""
                + now + "\",\"payload\":{\"id\":\"" + UUID.randomUUID() + "\",\"direction\":\"inbound\","
                + "\"text\":\"Hello from Telnyx!\",\"type\":\"SMS\"},\"record_type\":\"event\"},\"meta\":{\"attempt\":1}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node:crypto Ed25519 (fixed test key), checked by telnyx TelnyxWebhook.verify (tools/vectors/package-lock.json)";
    }

    @Override
    public Example example() {
        return Example.keyPair("IDnqobQXXJOj6UuqIvquWUuCZ1SjAaXegQdZ20lwElI=",
                "MC4CAQAwBQYDK2VwBCIEIDJCSmKHbv2W1CtlrvXMhy47jnm3zZ8FYUZYZVONWbtY");
    }
}
