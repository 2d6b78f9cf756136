package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Vonage (signed webhooks of the Messages, Voice and Verify APIs): {@code Authorization: Bearer <JWT>},
 * HS256 keyed with the account's signature secret; its claims carry {@code iat} (checked against 300 s)
 * and {@code payload_hash}, the hex SHA-256 of the raw body, which must match: the JWT alone does not
 * cover the body. Only {@code HS256} is accepted (never {@code none}). Id: SHA-256 of the body (Vonage
 * sends no delivery id); type: body {@code /status}, else {@code /message_type}.
 */
final class VonageProvider extends JwtFamily {
    VonageProvider() {
        super("Authorization", "payload_hash", "iat", Duration.ofSeconds(300), List.of(),
                List.of(ValueLocator.json("/status"), ValueLocator.json("/message_type")));
    }

    @Override
    public String name() {
        return "vonage";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/message_uuid", "/uuid").time("/timestamp")
                .attribute("channel", "/channel").attribute("from", "/from").attribute("to", "/to");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"message_uuid\":\"" + UUID.randomUUID() + "\",\"to\":\"447700900000\",\"from\":\"447700900001\","
                + "\"timestamp\":\"" + now + "\",\"status\":\"delivered\",\"channel\":\"sms\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "jsonwebtoken sign with Vonage's claims, checked by @vonage/jwt verifySignature (tools/vectors/package-lock.json)";
    }
}
