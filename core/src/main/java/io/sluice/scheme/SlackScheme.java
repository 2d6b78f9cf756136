package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.SourceConfig;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex>} = HMAC-SHA256 of {@code v0:{timestamp}:{body}} with
 * {@code X-Slack-Request-Timestamp} (seconds, 300 s tolerance). Events API bodies are JSON: id
 * {@code /event_id}, type {@code /event/type}, else {@code /type}. Slash commands and interactivity are
 * form-encoded and carry no event id: id = SHA-256 of the body; type = the {@code payload} field's JSON
 * {@code /type} (interactivity, else {@code interactive}) or {@code slash_command}. Attempt = {@code
 * X-Slack-Retry-Num} + 1.
 */
final class SlackScheme extends Scheme {
    static final String SIGNATURE = "X-Slack-Signature";
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    static final String RETRY_NUM = "X-Slack-Retry-Num";
    private static final JsonPointer EVENT_ID = JsonPointer.compile("/event_id");
    private static final JsonPointer EVENT_TYPE = JsonPointer.compile("/event/type");
    private static final JsonPointer TYPE = JsonPointer.compile("/type");
    private static final byte[] V0 = Codec.utf8("v0:");
    private static final byte[] COLON = {':'};

    private final List<HmacKey> keys;

    SlackScheme(SourceConfig source, Clock clock) {
        super(source, clock, Duration.ofSeconds(300));
        this.keys = utf8Keys("HmacSHA256");
    }

    @Override
    Verification check(Inbound in) {
        String raw = required(in, SIGNATURE, Reason.MISSING_SIGNATURE);
        String tsText = required(in, TIMESTAMP, Reason.MISSING_TIMESTAMP);
        long ts = seconds(tsText, TIMESTAMP);
        byte[] sig = hexSignature(stripPrefix(raw, "v0=", SIGNATURE), SIGNATURE, keys);
        requireMatch(keys, List.of(sig), V0, Codec.utf8(tsText), COLON, in.body());
        Instant at = withinTolerance(ts);
        String id;
        if (source.eventId() != null) {
            id = eventId(in, List.of(), false);
        } else if (in.bodyLooksLikeJson()) {
            String v = in.jsonText(EVENT_ID, "event id");
            id = v == null || v.isEmpty() ? in.bodySha256() : validId(v);
        } else {
            id = in.bodySha256();
        }
        return new Verification.Verified(id, eventType(in), at, attempt(in, RETRY_NUM, 1));
    }

    @Override
    String presetType(Inbound in) {
        if (in.bodyLooksLikeJson()) {
            String t = in.jsonText(EVENT_TYPE, "event type");
            if (t == null || t.isEmpty()) {
                t = in.jsonText(TYPE, "event type");
            }
            return t == null ? "" : t;
        }
        return formType(in.body());
    }

    /** Type of a form-encoded body; lenient, since the signature already proved it authentic. */
    private static String formType(byte[] body) {
        String form = new String(body, StandardCharsets.UTF_8);
        boolean command = false;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("payload") && eq >= 0) {
                try {
                    JsonNode p = Json.parse(Codec.utf8(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)), "payload");
                    String t = Inbound.scalar(p.at(TYPE), TYPE, "payload type");
                    return t == null || t.isEmpty() ? "interactive" : t;
                } catch (RuntimeException e) {
                    return "interactive";
                }
            }
            command |= name.equals("command");
        }
        return command ? "slash_command" : "";
    }

    @Override
    public Map<String, String> sign(SignRequest r) {
        String ts = Long.toString(nowOr(r.time()));
        Map<String, String> h = headers();
        h.put(TIMESTAMP, ts);
        h.put(SIGNATURE, "v0=" + Codec.hex(keys.get(0).sign(V0, Codec.utf8(ts), COLON, r.body())));
        return h;
    }
}
