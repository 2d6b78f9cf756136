package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hume EVI: {@code X-Hume-AI-Webhook-Signature} = hex HMAC-SHA256 of {@code {body}.{timestamp}}, where
 * the timestamp is the {@code X-Hume-AI-Webhook-Timestamp} header's text (Hume's official TypeScript and
 * Python webhook examples); the timestamp is Unix seconds (milliseconds read by size), 180 s tolerance.
 * Type: body {@code /event_name}.
 */
final class HumeProvider extends Preset {
    static final String SIGNATURE = "X-Hume-AI-Webhook-Signature";
    static final String TIMESTAMP = "X-Hume-AI-Webhook-Timestamp";
    private static final Duration TOLERANCE = Duration.ofSeconds(180);
    private static final JsonPointer EVENT_NAME = JsonPointer.compile("/event_name");
    private static final byte[] DOT = {'.'};

    HumeProvider() {
        super("hume", Family.HMAC, TOLERANCE, List.of(SIGNATURE, TIMESTAMP), "SHA-256 of the body");
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        // Hume sends epoch milliseconds: end_time on chat_ended, start_time on chat_started, timestamp on tool_call
        return EventRules.json().subject("/chat_id").time("/end_time", "/start_time", "/timestamp")
                .attribute("chat_id", "/chat_id").attribute("chat_group_id", "/chat_group_id")
                .attribute("config_id", "/config_id").attribute("custom_session_id", "/custom_session_id")
                .attribute("chat_start_type", "/chat_start_type").attribute("end_reason", "/end_reason");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event_name\":\"chat_started\",\"chat_id\":\"" + UUID.randomUUID() + "\",\"chat_group_id\":\""
                + UUID.randomUUID() + "\",\"config_id\":null,\"caller_number\":null,\"custom_session_id\":null,"
                + "\"start_time\":" + now.toEpochMilli() + ",\"chat_start_type\":\"new_chat_group\"}";
    }

    @Override
    public Proof proof() {
        return Proof.CONTRACT;
    }

    @Override
    public String vectorOrigin() {
        return "tools/vectors: node crypto after Hume's official example validateHmacSignature";
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
            String sigText = required(in, SIGNATURE, Reason.MISSING_SIGNATURE);
            String tsText = required(in, TIMESTAMP, Reason.MISSING_TIMESTAMP);
            Instant ts = epoch(tsText, TIMESTAMP);
            byte[] sig = hexSignature(sigText, SIGNATURE, keys);
            requireMatch(keys, List.of(sig), in.body(), DOT, Codec.utf8(tsText));
            Instant at = withinTolerance(ts);
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
}
