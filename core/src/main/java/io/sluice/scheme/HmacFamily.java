package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Family: an HMAC over a templated string ({@link HmacRule}: header, algorithm, encoding, prefix,
 * template, timestamp, id, type). A provider of this family is its rule plus the descriptor parts
 * that are not about signatures (name, events, handshake, sample, vector origin).
 */
abstract class HmacFamily extends Provider {
    private final HmacRule rule;

    HmacFamily(HmacRule rule) {
        this.rule = rule;
    }

    /** The provider's rule. */
    final HmacRule rule() {
        return rule;
    }

    @Override
    public final Family family() {
        return Family.HMAC;
    }

    @Override
    public List<String> headers() {
        return rule.headerNames();
    }

    @Override
    public final Duration tolerance() {
        return rule.tolerance();
    }

    @Override
    public String eventIdSource() {
        return rule.describeId();
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    /**
     * The event type of a verified delivery: the rule's {@code types}, the first present; "" when none. A
     * provider whose type is built from several values (GoCardless: {@code <resource_type>.<action>}) overrides it.
     */
    String type(Inbound in) {
        return Scheme.firstType(in, rule.types());
    }

    /**
     * The HMAC key of one configured secret: its UTF-8 bytes, or its base64-decoded bytes when the rule says
     * {@link HmacRule#keyBase64()} (null or empty: not usable). A provider whose own libraries transform the
     * secret before keying (EasyPost: Unicode NFKD) overrides it; the verifier and the signer both use it.
     */
    byte[] key(String secret) {
        return rule.keyBase64() ? Codec.base64(secret) : Codec.utf8(secret);
    }

    /** The verifier and signer of one source of an HMAC-family provider. */
    final class Verifier extends Scheme {
        private final List<HmacKey> keys;
        private final SignedTemplate template = new SignedTemplate(rule.template());

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, rule.tolerance());
            List<HmacKey> k = new ArrayList<>();
            for (int i = 0; i < source.secrets().size(); i++) {
                byte[] key = key(source.secrets().get(i).reveal());
                if (key == null || key.length == 0) {
                    throw new ConfigException("sources." + source.name() + ".secrets[" + i + "]",
                            "a " + name() + " secret must be base64");
                }
                k.add(new HmacKey(rule.algorithm(), key));
            }
            this.keys = List.copyOf(k);
        }

        @Override
        Verification check(Inbound in) {
            String raw = required(in, rule.header(), Reason.MISSING_SIGNATURE);
            String tsText = null;
            Instant ts = null;
            if (rule.timestamp() != null) {
                tsText = in.read(rule.timestamp(), "timestamp");
                if (tsText == null) {
                    throw new Rejection(Reason.MISSING_TIMESTAMP, "no timestamp in " + where(rule.timestamp()));
                }
                boolean iso = rule.timeForm() == HmacRule.TimeForm.ISO;
                ts = iso ? Timestamps.iso(tsText) : Timestamps.epoch(tsText);
                if (ts == null) {
                    throw new Rejection(Reason.MALFORMED_TIMESTAMP, where(rule.timestamp())
                            + (iso ? " must be an ISO-8601 time" : " must be seconds (or milliseconds) since the epoch"));
                }
            }
            List<byte[]> candidates = signatures(raw);
            String rawId = template.uses("id") ? firstId(in) : null;
            Map<String, String> hv = new LinkedHashMap<>();
            for (String h : template.headerNames()) {
                hv.put(h, in.header(h));
            }
            requireMatch(keys, candidates, template.parts(new SignedTemplate.Values(in.body(), tsText, rawId, publicUrl(in.url()), hv)));
            Instant at = ts == null ? null : withinTolerance(ts);
            String id = eventId(in, rule.ids(), !rule.idRequired());
            return new Verification.Verified(id, eventType(in), at, rule.attempt() == null ? null : attempt(in, rule.attempt(), 0));
        }

        private String firstId(Inbound in) {
            for (ValueLocator l : rule.ids()) {
                String v = in.read(l, "event id");
                if (v != null && !v.isEmpty()) {
                    return v;
                }
            }
            throw new Rejection(Reason.MISSING_EVENT_ID, "the signed content needs the event id, which is missing");
        }

        private List<byte[]> signatures(String raw) {
            List<String> entries = rule.separator() == null ? List.of(raw) : List.of(raw.split(java.util.regex.Pattern.quote(rule.separator())));
            List<byte[]> out = new ArrayList<>();
            for (String e : entries) {
                String t = e.trim();
                if (rule.separator() != null && !rule.prefix().isEmpty()
                        && !t.regionMatches(true, 0, rule.prefix(), 0, rule.prefix().length())) {
                    continue; // another version's entry: not ours to check
                }
                t = stripPrefix(t, rule.prefix(), rule.header());
                byte[] sig = rule.base64Signature() ? Codec.base64(t) : Codec.hex(t);
                if (sig != null && sig.length == keys.get(0).length()) {
                    out.add(sig);
                }
            }
            if (out.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, rule.header() + " has no well-formed "
                        + (rule.base64Signature() ? "base64" : "hex") + " signature");
            }
            return out;
        }

        @Override
        String presetType(Inbound in) {
            return type(in);
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            Instant time = r.time() != null ? r.time() : clock.instant();
            if (rule.timestamp() != null && rule.timestamp().isHeader()) {
                h.put(rule.timestamp().header(), rule.format(time));
            }
            putIdAndType(h, r, rule.ids(), rule.types());
            if (rule.attempt() != null) {
                h.put(rule.attempt(), "1");
            }
            // Values the body carries are read back from it, exactly as the verifier will.
            Inbound view = new Inbound(new Delivery(r.url(), Headers.of(h), r.body()));
            String ts = rule.timestamp() == null ? null : readForSigning(view, rule.timestamp(), "timestamp");
            String id = null;
            if (template.uses("id")) {
                for (ValueLocator l : rule.ids()) {
                    id = readForSigning(view, l, "event id");
                    if (id != null) {
                        break;
                    }
                }
            }
            Map<String, String> hv = new LinkedHashMap<>();
            for (String name : template.headerNames()) {
                hv.put(name, view.header(name));
            }
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey(rule.algorithm(), key(r.signingKey()));
            byte[] mac = key.sign(template.parts(new SignedTemplate.Values(r.body(), ts, id, publicUrl(r.url()), hv)));
            h.put(rule.header(), rule.prefix() + (rule.base64Signature() ? Codec.base64(mac) : Codec.hex(mac)));
            return h;
        }
    }
}
