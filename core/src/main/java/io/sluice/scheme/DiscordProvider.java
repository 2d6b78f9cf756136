package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Discord (Webhook Events and the Interactions endpoint): {@code X-Signature-Ed25519} = hex Ed25519
 * signature of {@code {timestamp}{body}} with {@code X-Signature-Timestamp}, verified with the
 * application's public key (hex, from the Developer Portal) in {@code secrets}. Id: the interaction's
 * {@code /id}, else SHA-256 of the body (webhook events carry no id); type: {@code /event/type}.
 * Handshake: the signed PING, {@code type 0} of webhook events (answered 204) and {@code type 1} of
 * interactions (answered {@code {"type":1}}).
 */
final class DiscordProvider extends PublicKeyFamily {
    private static final Handshake PING = new Handshake() {
        @Override
        public String describe() {
            return "POST PING (signed): type 0 answered 204, type 1 answered {\"type\":1}";
        }

        @Override
        public HandshakeReply verified(HandshakeRequest request, Verification.Verified delivery, SourceConfig source) {
            JsonNode body = request.json();
            if (body == null || !body.path("type").isIntegralNumber() || body.has("event")) {
                return null;
            }
            return switch (body.path("type").intValue()) {
                case 0 -> new HandshakeReply(204, "text/plain; charset=utf-8", new byte[0], Map.of());
                case 1 -> body.has("token") || body.has("id")
                        ? new HandshakeReply(200, "application/json", Codec.utf8("{\"type\":1}"), Map.of()) : null;
                default -> null;
            };
        }
    };

    DiscordProvider() {
        super(PublicKeyRule.ed25519("X-Signature-Ed25519").hexKey().template("{timestamp}{body}")
                .timestamp("X-Signature-Timestamp", Duration.ofMinutes(5))
                .idFromOrHash(ValueLocator.json("/id"))
                .typeFrom(ValueLocator.json("/event/type")));
    }

    @Override
    public String name() {
        return "discord";
    }

    @Override
    public Handshake handshake() {
        return PING;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/event/data/guild/id", "/guild_id").time("/event/timestamp")
                .attribute("application_id", "/application_id").attribute("guild_id", "/guild_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"version\":1,\"application_id\":\"1234560123453231555\",\"type\":1,\"event\":{\"type\":"
                + "\"APPLICATION_AUTHORIZED\",\"timestamp\":\"" + now + "\",\"data\":{\"integration_type\":0,"
                + "\"user\":{\"id\":\"53908232506183680\",\"username\":\"mason\"},\"scopes\":[\"applications.commands\"]}}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node:crypto Ed25519 per Discord's security docs, checked by discord-interactions verifyKey (tools/vectors)";
    }

    @Override
    public Example example() {
        return Example.keyPair("ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c",
                "MC4CAQAwBQYDK2VwBCIEIAcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcH");
    }
}
