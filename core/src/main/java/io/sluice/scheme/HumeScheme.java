package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Hume EVI: {@code X-Hume-AI-Webhook-Signature} = hex HMAC-SHA256 of {@code {body}.{timestamp}}, where
 * the timestamp is the {@code X-Hume-AI-Webhook-Timestamp} header's text (Hume's official TypeScript and
 * Python webhook examples); the timestamp is Unix seconds, 180 s tolerance. Type: body {@code /event_name}.
 */
final class HumeScheme extends Scheme {
    static final String SIGNATURE = "X-Hume-AI-Webhook-Signature";
    static final String TIMESTAMP = "X-Hume-AI-Webhook-Timestamp";
    private static final JsonPointer EVENT_NAME = JsonPointer.compile("/event_name");
    private static final byte[] DOT = {'.'};
    /** A "seconds" value this large is year 5138: read it as milliseconds rather than refuse it. */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private final List<HmacKey> keys;

    HumeScheme(SourceConfig source, Clock clock) {
        super(source, clock, Duration.ofSeconds(180));
        this.keys = utf8Keys("HmacSHA256");
    }

    @Override
    Verification check(Inbound in) {
        String sigText = required(in, SIGNATURE, Reason.MISSING_SIGNATURE);
        String tsText = required(in, TIMESTAMP, Reason.MISSING_TIMESTAMP);
        long ts = seconds(tsText, TIMESTAMP);
        byte[] sig = hexSignature(sigText, SIGNATURE, keys);
        requireMatch(keys, List.of(sig), in.body(), DOT, Codec.utf8(tsText));
        Instant at = withinTolerance(ts >= MILLIS_THRESHOLD ? ts / 1000 : ts);
        return new Verification.Verified(eventId(in, List.of(), true), eventType(in), at, null);
    }

    @Override
    String presetType(Inbound in) {
        String t = in.jsonText(EVENT_NAME, "event type");
        return t == null ? "" : t;
    }

    @Override
    public Map<String, String> sign(SignRequest r) {
        String ts = Long.toString(nowOr(r.time()));
        Map<String, String> h = headers();
        h.put(TIMESTAMP, ts);
        h.put(SIGNATURE, Codec.hex(keys.get(0).sign(r.body(), DOT, Codec.utf8(ts))));
        return h;
    }
}
