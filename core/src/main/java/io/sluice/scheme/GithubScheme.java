package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex>} = HMAC-SHA256 of the body (the legacy SHA-1
 * {@code X-Hub-Signature} is not accepted). No timestamp. Id: {@code X-GitHub-Delivery} (required, kept
 * by GitHub across redeliveries); type: {@code X-GitHub-Event}. The body is never parsed, so form-encoded
 * deliveries verify too.
 */
final class GithubScheme extends Scheme {
    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String DELIVERY = "X-GitHub-Delivery";
    static final String EVENT = "X-GitHub-Event";
    private static final List<ValueLocator> ID_RULE = List.of(ValueLocator.header(DELIVERY));

    private final List<HmacKey> keys;

    GithubScheme(SourceConfig source, Clock clock) {
        super(source, clock, Duration.ZERO);
        this.keys = utf8Keys("HmacSHA256");
    }

    @Override
    Verification check(Inbound in) {
        String raw = required(in, SIGNATURE, Reason.MISSING_SIGNATURE);
        byte[] sig = hexSignature(stripPrefix(raw, "sha256=", SIGNATURE), SIGNATURE, keys);
        requireMatch(keys, List.of(sig), in.body());
        return new Verification.Verified(eventId(in, ID_RULE, false), eventType(in), null, null);
    }

    @Override
    String presetType(Inbound in) {
        String t = in.header(EVENT);
        return t == null ? "" : t;
    }

    @Override
    public Map<String, String> sign(SignRequest r) {
        Map<String, String> h = headers();
        h.put(DELIVERY, r.eventId() != null ? r.eventId() : randomId());
        if (r.eventType() != null) {
            h.put(EVENT, r.eventType());
        }
        h.put(SIGNATURE, "sha256=" + Codec.hex(keys.get(0).sign(r.body())));
        return h;
    }
}
