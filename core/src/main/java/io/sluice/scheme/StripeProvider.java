package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stripe: {@code Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>…]}; any {@code v1} may match the
 * HMAC-SHA256 of {@code {t}.{body}} keyed with the whole {@code whsec_…} string (UTF-8). Other schemes
 * ({@code v0}) are ignored. 300 s tolerance. Id: body {@code /id}; type: body {@code /type}.
 */
final class StripeProvider extends Preset {
    static final String SIGNATURE = "Stripe-Signature";
    private static final JsonPointer TYPE = JsonPointer.compile("/type");
    private static final List<ValueLocator> ID_RULE = List.of(ValueLocator.json("/id"));
    private static final byte[] DOT = {'.'};
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    StripeProvider() {
        super("stripe", Family.HMAC, TOLERANCE, List.of(SIGNATURE), "body /id");
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/object/id").time("/created")
                .attribute("object", "/data/object/object").attribute("livemode", "/livemode")
                .attribute("api_version", "/api_version").attribute("account", "/account")
                .attribute("request_id", "/request/id");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"id\":\"evt_" + shortId() + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                + "\"created\":" + now.getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"pi_" + shortId() + "\"}}}";
    }

    private static String shortId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "stripe webhooks.generateTestHeaderString (tools/vectors/package-lock.json)";
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
            String header = required(in, SIGNATURE, Reason.MISSING_SIGNATURE);
            String t = null;
            List<byte[]> candidates = new ArrayList<>();
            boolean sawV1 = false;
            for (String item : header.split(",")) {
                int eq = item.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = item.substring(0, eq).trim();
                String value = item.substring(eq + 1).trim();
                if (key.equals("t")) {
                    if (t != null) {
                        throw new Rejection(Reason.MALFORMED_SIGNATURE, SIGNATURE + " has more than one t=");
                    }
                    t = value;
                } else if (key.equals("v1")) {
                    sawV1 = true;
                    byte[] sig = Codec.hex(value);
                    if (sig != null && sig.length == keys.get(0).length()) {
                        candidates.add(sig);
                    }
                }
            }
            if (t == null || t.isEmpty()) {
                throw new Rejection(Reason.MISSING_TIMESTAMP, SIGNATURE + " has no t=");
            }
            Instant ts = epoch(t, SIGNATURE + " t");
            if (!sawV1) {
                throw new Rejection(Reason.MISSING_SIGNATURE, SIGNATURE + " has no v1= signature");
            }
            if (candidates.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, SIGNATURE + " has no well-formed v1= signature");
            }
            requireMatch(keys, candidates, Codec.utf8(t), DOT, in.body());
            Instant at = withinTolerance(ts);
            return new Verification.Verified(eventId(in, ID_RULE, false), eventType(in), at, null);
        }

        @Override
        String presetType(Inbound in) {
            String type = in.jsonText(TYPE, "event type");
            return type == null ? "" : type;
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            String ts = Long.toString(nowOr(r.time()));
            Map<String, String> h = headers();
            h.put(SIGNATURE, "t=" + ts + ",v1=" + Codec.hex(keys.get(0).sign(Codec.utf8(ts), DOT, r.body())));
            return h;
        }
    }
}
