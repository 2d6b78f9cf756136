package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hyperspell: {@code X-Hyperspell-Signature} = hex HMAC-SHA256 of the raw body, keyed with the app
 * secret's UTF-8 bytes; the timestamp (seconds) is the body's {@code /timestamp}, the type {@code /event}.
 */
final class HyperspellScheme extends Scheme {
    static final String SIGNATURE = "X-Hyperspell-Signature";
    private static final JsonPointer TIMESTAMP = JsonPointer.compile("/timestamp");
    private static final JsonPointer EVENT = JsonPointer.compile("/event");

    private final List<HmacKey> keys;

    HyperspellScheme(SourceConfig source, Clock clock) {
        super(source, clock, Duration.ofSeconds(300));
        this.keys = utf8Keys("HmacSHA256");
    }

    @Override
    Verification check(Inbound in) {
        byte[] sig = hexSignature(required(in, SIGNATURE, Reason.MISSING_SIGNATURE), SIGNATURE, keys);
        requireMatch(keys, List.of(sig), in.body());
        // Only now is the body trusted enough to parse.
        JsonNode ts = in.json().at(TIMESTAMP);
        if (ts.isMissingNode() || ts.isNull()) {
            throw new Rejection(Reason.MISSING_TIMESTAMP, "the body has no /timestamp");
        }
        Instant at = withinTolerance(seconds(ts, "/timestamp"));
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
