package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Mailgun: the JSON body carries {@code signature: {timestamp, token, signature}} beside {@code event-data};
 * {@code signature} is the hex HMAC-SHA256 of {@code <timestamp><token>} keyed with the HTTP webhook signing
 * key. Mailgun signs only timestamp and token, not the event data, and recommends refusing a token seen
 * before: so the event id is the token (a replayed signature block is deduplicated onto the first delivery)
 * and the timestamp must be within 10 minutes (Mailgun warns its deliveries can be delayed). Type
 * {@code /event-data/event}. No header is read: the signature is in the body.
 */
final class MailgunProvider extends Provider {
    private static final JsonPointer TIMESTAMP = JsonPointer.compile("/signature/timestamp");
    private static final JsonPointer TOKEN = JsonPointer.compile("/signature/token");
    private static final JsonPointer SIGNATURE = JsonPointer.compile("/signature/signature");
    private static final JsonPointer EVENT = JsonPointer.compile("/event-data/event");
    private static final List<ValueLocator> ID_RULE = List.of(ValueLocator.json("/signature/token"));
    private static final Duration TOLERANCE = Duration.ofMinutes(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "mailgun";
    }

    @Override
    public Family family() {
        return Family.HMAC;
    }

    /** The signature is in the body: the content type is the only header read. */
    @Override
    public List<String> headers() {
        return List.of("Content-Type"); // the signature block is in the body
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of();
    }

    @Override
    public Duration tolerance() {
        return TOLERANCE;
    }

    @Override
    public String eventIdSource() {
        return "body /signature/token";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/event-data/message/headers/message-id").time("/event-data/timestamp")
                .attribute("event_id", "/event-data/id").attribute("recipient", "/event-data/recipient")
                .attribute("severity", "/event-data/severity").attribute("reason", "/event-data/reason");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"event-data\":{\"id\":\"" + UUID.randomUUID().toString().substring(0, 22) + "\",\"timestamp\":"
                + now.getEpochSecond() + ".5,\"event\":\"delivered\",\"recipient\":\"alice@example.com\",\"message\":"
                + "{\"headers\":{\"message-id\":\"20260123120000.1.ABCDEF@mg.example.com\",\"subject\":\"Your receipt\"}}}}";
    }

    @Override
    public Proof proof() {
        return Proof.SDK_TEST_VECTOR;
    }

    @Override
    public String vectorOrigin() {
        return "mailgun-php test vector (tests/Api/WebhookTest.php); Node crypto per Mailgun's \"Securing Webhooks\" page";
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
            String signature = in.jsonText(SIGNATURE, "signature");
            if (signature == null) {
                throw new Rejection(Reason.MISSING_SIGNATURE, "body /signature/signature is missing");
            }
            String timestamp = in.jsonText(TIMESTAMP, "timestamp");
            if (timestamp == null) {
                throw new Rejection(Reason.MISSING_TIMESTAMP, "body /signature/timestamp is missing");
            }
            String token = in.jsonText(TOKEN, "token");
            if (token == null || token.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, "body /signature/token is missing");
            }
            Instant ts = epoch(timestamp, "body /signature/timestamp");
            requireMatch(keys, List.of(hexSignature(signature, "body /signature/signature", keys)),
                    Codec.utf8(timestamp), Codec.utf8(token));
            Instant at = withinTolerance(ts);
            return new Verification.Verified(eventId(in, ID_RULE, false), eventType(in), at, null);
        }

        @Override
        String presetType(Inbound in) {
            String t = in.jsonText(EVENT, "event type");
            return t == null ? "" : t;
        }

        /** Mailgun signs inside the body: the headers are only the content type (see {@link #signedBody}). */
        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            h.put("Content-Type", "application/json");
            return h;
        }

        /** The body with a {@code signature} block (timestamp, a fresh token or the requested id, signature). */
        @Override
        public byte[] signedBody(SignRequest r) {
            JsonNode parsed;
            try {
                parsed = MAPPER.readTree(r.body());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot sign: a mailgun body must be a JSON object");
            }
            if (!(parsed instanceof ObjectNode body)) {
                throw new IllegalArgumentException("cannot sign: a mailgun body must be a JSON object");
            }
            String ts = Long.toString(nowOr(r.time()));
            String token = r.eventId() != null ? r.eventId() : randomToken();
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.utf8(r.signingKey()));
            ObjectNode sig = body.putObject("signature");
            sig.put("timestamp", ts);
            sig.put("token", token);
            sig.put("signature", Codec.hex(key.sign(Codec.utf8(ts), Codec.utf8(token))));
            try {
                return MAPPER.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String randomToken() {
            byte[] b = new byte[25];
            RANDOM.nextBytes(b);
            return HexFormat.of().formatHex(b); // 50 characters, like Mailgun's tokens
        }
    }
}
