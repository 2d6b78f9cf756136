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
final class StripeScheme extends Scheme {
    static final String SIGNATURE = "Stripe-Signature";
    private static final JsonPointer TYPE = JsonPointer.compile("/type");
    private static final List<ValueLocator> ID_RULE = List.of(ValueLocator.json("/id"));
    private static final byte[] DOT = {'.'};

    private final List<HmacKey> keys;

    StripeScheme(SourceConfig source, Clock clock) {
        super(source, clock, Duration.ofSeconds(300));
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
        long ts = seconds(t, SIGNATURE + " t");
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
