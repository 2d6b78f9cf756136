package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hyperspell: {@code X-Hyperspell-Signature} = hex HMAC-SHA256 of the raw body, keyed with the app
 * secret's UTF-8 bytes; the timestamp (seconds) is the body's {@code /timestamp}, the type {@code /event}.
 */
final class HyperspellProvider extends Preset {
    static final String SIGNATURE = "X-Hyperspell-Signature";
    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final JsonPointer TIMESTAMP = JsonPointer.compile("/timestamp");
    private static final JsonPointer EVENT = JsonPointer.compile("/event");

    HyperspellProvider() {
        super("hyperspell", Family.HMAC, TOLERANCE, List.of(SIGNATURE), "SHA-256 of the body");
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/resource_id").time("/timestamp")
                .attribute("app", "/app").attribute("user_id", "/user_id").attribute("source", "/source")
                .attribute("resource_id", "/resource_id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event\":\"index-completed\",\"app\":\"demo-app\",\"user_id\":\"user-42\",\"source\":\"notion\","
                + "\"resource_id\":\"page-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"timestamp\":"
                + now.getEpochSecond() + "}";
    }

    @Override
    public Proof proof() {
        return Proof.CONTRACT;
    }

    @Override
    public String vectorOrigin() {
        return "tools/vectors: node crypto after Hyperspell's documented rule";
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private static final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, TOLERANCE);
            this.keys = utf8Keys("HmacSHA256");
        }

        @Override
        Verification check(Inbound in) {
            byte[] sig = hexSignature(required(in, SIGNATURE, Reason.MISSING_SIGNATURE), SIGNATURE, keys);
            requireMatch(keys, List.of(sig), in.body());
            // Only now is the body trusted enough to parse.
            JsonNode ts = in.jsonAt(TIMESTAMP);
            if (ts.isMissingNode() || ts.isNull()) {
                throw new Rejection(Reason.MISSING_TIMESTAMP, "the body has no /timestamp");
            }
            Instant at = withinTolerance(time(ts, "/timestamp"));
            return new Verification.Verified(eventId(in, List.of(), true), eventType(in), at, null);
        }

        @Override
        String presetType(Inbound in) {
            String t = in.jsonText(EVENT, "event type");
            return t == null ? "" : t;
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            h.put(SIGNATURE, Codec.hex(keys.get(0).sign(r.body())));
            return h;
        }
    }
}
