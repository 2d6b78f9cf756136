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
final class SlackProvider extends Preset {
    static final String SIGNATURE = "X-Slack-Signature";
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    static final String RETRY_NUM = "X-Slack-Retry-Num";
    private static final JsonPointer EVENT_ID = JsonPointer.compile("/event_id");
    private static final JsonPointer EVENT_TYPE = JsonPointer.compile("/event/type");
    private static final JsonPointer TYPE = JsonPointer.compile("/type");
    private static final byte[] V0 = Codec.utf8("v0:");
    private static final byte[] COLON = {':'};
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    SlackProvider() {
        super("slack", Family.HMAC, TOLERANCE, List.of(SIGNATURE, TIMESTAMP, RETRY_NUM),
                "body /event_id, else SHA-256 of the body");
    }

    @Override
    public Handshake handshake() {
        return SLACK_URL_VERIFICATION;
    }

    @Override
    public EventRules events() {
        return EventRules.anyBody().subject("/event/channel").time("/event_time").attribute("team_id", "/team_id")
                .attribute("api_app_id", "/api_app_id").attribute("enterprise_id", "/enterprise_id")
                .attribute("channel", "/event/channel").attribute("user", "/event/user");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"event_callback\",\"team_id\":\"T123\",\"event_id\":\"Ev"
                + java.util.UUID.randomUUID().toString().substring(0, 8) + "\",\"event_time\":" + now.getEpochSecond()
                + ",\"event\":{\"type\":\"message\",\"channel\":\"C1\",\"text\":\"hi\"}}";
    }

    /**
     * Slack's one-time {@code url_verification} (signed like any delivery) is answered with its
     * {@code challenge} as {@code {"challenge": …}}, one of the forms Slack documents; it is not an event.
     */
    private static final Handshake SLACK_URL_VERIFICATION = new Handshake() {
        @Override
        public String describe() {
            return "POST url_verification: {challenge} echoed";
        }

        @Override
        public HandshakeReply verified(HandshakeRequest request, Verification.Verified delivery, SourceConfig source) {
            if (!"url_verification".equals(delivery.eventType())) {
                return null;
            }
            String challenge = request.jsonText("/challenge");
            return challenge == null
                    ? HandshakeReply.refused(400, "bad_request", "url_verification without a challenge")
                    : HandshakeReply.json(Map.of("challenge", challenge));
        }
    };

    /** Slash commands arrive form-encoded: form fields team_id, channel_id, user_id, api_app_id, command. */
    @Override
    public EventDetails details(Payload payload, SourceConfig source) {
        if (payload.json() != null || !payload.isForm()) {
            return rules().apply(payload);
        }
        Map<String, String> a = new java.util.LinkedHashMap<>();
        for (String[] f : new String[][]{{"team_id", "team_id"}, {"api_app_id", "api_app_id"},
                {"enterprise_id", "enterprise_id"}, {"channel", "channel_id"}, {"user", "user_id"},
                {"command", "command"}}) {
            String v = payload.form().get(f[1]);
            if (v != null && !v.isEmpty()) {
                a.put(f[0], v);
            }
        }
        return new EventDetails(a.get("channel"), null, a);
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "node crypto per Slack's Verifying requests from Slack; Slack's documented example; checked by @slack/bolt";
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
            String raw = required(in, SIGNATURE, Reason.MISSING_SIGNATURE);
            String tsText = required(in, TIMESTAMP, Reason.MISSING_TIMESTAMP);
            Instant ts = epoch(tsText, TIMESTAMP);
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
}
