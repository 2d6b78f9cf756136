package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Box: base64 HMAC-SHA256 of the body bytes followed by {@code BOX-DELIVERY-TIMESTAMP} (RFC 3339),
 * once with the app's primary key ({@code BOX-SIGNATURE-PRIMARY}) and once with its secondary key
 * ({@code BOX-SIGNATURE-SECONDARY}), so that either key can be rotated; any configured secret matching
 * either header verifies. {@code BOX-SIGNATURE-VERSION} must be 1 and {@code BOX-SIGNATURE-ALGORITHM}
 * HmacSHA256 when present. 10 minutes tolerance (Box's SDKs). Id: body {@code /id} (the webhook event
 * id, kept across retries), else SHA-256 of the body; type: body {@code /trigger}.
 */
final class BoxProvider extends Provider {
    static final String PRIMARY = "BOX-SIGNATURE-PRIMARY";
    static final String SECONDARY = "BOX-SIGNATURE-SECONDARY";
    static final String TIMESTAMP = "BOX-DELIVERY-TIMESTAMP";
    static final String DELIVERY_ID = "BOX-DELIVERY-ID";
    static final String VERSION = "BOX-SIGNATURE-VERSION";
    static final String ALGORITHM = "BOX-SIGNATURE-ALGORITHM";
    private static final Duration TOLERANCE = Duration.ofMinutes(10);
    private static final List<ValueLocator> ID_RULE = List.of(ValueLocator.json("/id"));
    private static final ValueLocator TYPE = ValueLocator.json("/trigger");

    @Override
    public String name() {
        return "box";
    }

    @Override
    public Family family() {
        return Family.HMAC;
    }

    @Override
    public List<String> headers() {
        return List.of(PRIMARY, SECONDARY, TIMESTAMP, DELIVERY_ID);
    }

    @Override
    public Duration tolerance() {
        return TOLERANCE;
    }

    @Override
    public String eventIdSource() {
        return "body /id, else SHA-256 of the body";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/source/id").time("/created_at")
                .attribute("source_type", "/source/type").attribute("webhook_id", "/webhook/id")
                .attribute("created_by", "/created_by/login");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"webhook_event\",\"id\":\"" + UUID.randomUUID() + "\",\"created_at\":\"" + now + "\","
                + "\"trigger\":\"FILE.UPLOADED\",\"webhook\":{\"id\":\"1234567890\",\"type\":\"webhook\"},"
                + "\"source\":{\"id\":\"1395017389051\",\"type\":\"file\",\"name\":\"report.pdf\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "box-typescript-sdk-gen computeWebhookSignature and validateMessage, and its SDK test vectors";
    }

    @Override
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of(PRIMARY, SECONDARY);
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
            String version = in.header(VERSION);
            String algorithm = in.header(ALGORITHM);
            if ((version != null && !version.equals("1")) || (algorithm != null && !algorithm.equals("HmacSHA256"))) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, "only Box signature version 1 (HmacSHA256) is known");
            }
            String primary = in.header(PRIMARY);
            String secondary = in.header(SECONDARY);
            if (primary == null && secondary == null) {
                throw new Rejection(Reason.MISSING_SIGNATURE, "header " + PRIMARY + " is missing");
            }
            String tsText = required(in, TIMESTAMP, Reason.MISSING_TIMESTAMP);
            Instant ts = Timestamps.iso(tsText);
            if (ts == null) {
                throw new Rejection(Reason.MALFORMED_TIMESTAMP, TIMESTAMP + " must be an RFC 3339 time");
            }
            List<byte[]> candidates = new ArrayList<>();
            for (String s : new String[]{primary, secondary}) {
                byte[] sig = s == null ? null : Codec.base64(s);
                if (sig != null && sig.length == keys.get(0).length()) {
                    candidates.add(sig);
                }
            }
            if (candidates.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, PRIMARY + " is not a base64 HMAC of the right length");
            }
            requireMatch(keys, candidates, in.body(), Codec.utf8(tsText));
            Instant at = withinTolerance(ts);
            return new Verification.Verified(eventId(in, ID_RULE, true), eventType(in), at, null);
        }

        @Override
        String presetType(Inbound in) {
            String t = in.read(TYPE, "event type");
            return t == null ? "" : t;
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Instant time = r.time() != null ? r.time() : clock.instant();
            String ts = time.toString();
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.utf8(r.signingKey()));
            Map<String, String> h = headers();
            h.put(DELIVERY_ID, r.eventId() != null ? r.eventId() : randomId());
            h.put(TIMESTAMP, ts);
            h.put(ALGORITHM, "HmacSHA256");
            h.put(VERSION, "1");
            h.put(PRIMARY, Codec.base64(key.sign(r.body(), Codec.utf8(ts))));
            return h;
        }
    }
}
