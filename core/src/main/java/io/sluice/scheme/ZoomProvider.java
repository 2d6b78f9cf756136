package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zoom: {@code x-zm-signature: v0=<hex>} = HMAC-SHA256 of {@code v0:{timestamp}:{body}} with
 * {@code x-zm-request-timestamp} (seconds, 300 s), keyed with the app's secret token. Zoom sends no
 * event id: id = SHA-256 of the body; type: {@code /event}. Handshake: {@code endpoint.url_validation}
 * (signed like any event, and only answered once verified: an unsigned one would make Sluice an HMAC
 * oracle for the secret) is answered {@code {"plainToken", "encryptedToken"}}, the token's hex
 * HMAC-SHA256 with the secret token.
 */
final class ZoomProvider extends HmacFamily {
    /** plainToken is a short random string; anything longer is not Zoom's. */
    private static final int MAX_PLAIN_TOKEN = 256;

    private static final Handshake URL_VALIDATION = new Handshake() {
        @Override
        public String describe() {
            return "POST endpoint.url_validation (signed): {plainToken, encryptedToken}";
        }

        @Override
        public HandshakeReply verified(HandshakeRequest request, Verification.Verified delivery, SourceConfig source) {
            if (!"endpoint.url_validation".equals(delivery.eventType())) {
                return null;
            }
            String plain = request.jsonText("/payload/plainToken");
            if (plain == null || plain.isEmpty() || plain.length() > MAX_PLAIN_TOKEN) {
                return HandshakeReply.refused(400, "bad_request", "endpoint.url_validation without a plainToken");
            }
            // Zoom expects one answer: the first configured secret token gives it.
            HmacKey key = new HmacKey("HmacSHA256", source.secrets().get(0).utf8());
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("plainToken", plain);
            answer.put("encryptedToken", Codec.hex(key.sign(Codec.utf8(plain))));
            return HandshakeReply.json(answer);
        }
    };

    ZoomProvider() {
        super(HmacRule.header("x-zm-signature").prefix("v0=").template("v0:{timestamp}:{body}")
                .timestamp(ValueLocator.header("x-zm-request-timestamp"), Duration.ofMinutes(5))
                .typeFrom(ValueLocator.json("/event")));
    }

    @Override
    public String name() {
        return "zoom";
    }

    @Override
    public Handshake handshake() {
        return URL_VALIDATION;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/payload/object/id").time("/event_ts")
                .attribute("account_id", "/payload/account_id").attribute("object_uuid", "/payload/object/uuid");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event\":\"meeting.started\",\"event_ts\":" + now.toEpochMilli() + ",\"payload\":{\"account_id\":"
                + "\"AAAAAABBBB\",\"object\":{\"id\":\"1234567890\",\"uuid\":\"4444AAAiAAAAAiAiAiiAii==\","
                + "\"host_id\":\"x1yCzABCDEfg23HiJKl4mN\",\"topic\":\"My Meeting\",\"type\":2}}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node:crypto per Zoom's webhook docs, checked by Zoom's @zoom/rivet receiver (verification and url_validation) (tools/vectors/package-lock.json)";
    }
}
