package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Family: one header of {@code key=value} parameters that holds both the timestamp and the
 * signatures, Stripe-style ({@code t=1700000000,v1=<hex>}; WorkOS, Mux; Paddle writes
 * {@code ts=…;h1=…}; Sanity {@code t=<ms>,v1=<base64url>}). Any signature parameter may match the hex (or
 * unpadded base64url) HMAC of
 * {@code {timestamp}<joiner>{body}} keyed with the secret's UTF-8 bytes; other parameters (other
 * versions) are ignored. The timestamp is epoch seconds, or milliseconds by size ({@link Timestamps#epoch}).
 * Retell signs the other way round, {@code {body}<joiner>{timestamp}} ({@code v=<ms>,d=<hex>}, {@link Rule#bodyFirst}).
 */
abstract class ParamsHeaderFamily extends Provider {
    /**
     * The rule as data.
     *
     * @param header       the signature header
     * @param separator    between parameters ({@code ,} or {@code ;}); blanks around parameters are ignored
     * @param timestampKey the timestamp parameter ({@code t}, {@code ts})
     * @param signatureKey the signature parameter ({@code v1}, {@code h1}); may repeat
     * @param joiner       between timestamp and body in the signed string ({@code .} or {@code :})
     * @param millis       true when the provider writes milliseconds (for the signer)
     * @param tolerance    the default tolerance
     * @param ids          where the event id is (first present wins); empty: SHA-256 of the body
     * @param types        where the event type is (first present wins); empty: ""
     * @param base64Url    true when signatures are unpadded base64url (Sanity) rather than hex
     * @param bodyFirst    true when the signed string is {@code {body}<joiner>{timestamp}} (Retell)
     */
    record Rule(String header, String separator, String timestampKey, String signatureKey, String joiner,
                boolean millis, Duration tolerance, List<ValueLocator> ids, List<ValueLocator> types, boolean base64Url,
                boolean bodyFirst) {
        Rule {
            ids = List.copyOf(ids);
            types = List.copyOf(types);
        }

        /** A rule that signs {@code {timestamp}<joiner>{body}}. */
        Rule(String header, String separator, String timestampKey, String signatureKey, String joiner,
             boolean millis, Duration tolerance, List<ValueLocator> ids, List<ValueLocator> types, boolean base64Url) {
            this(header, separator, timestampKey, signatureKey, joiner, millis, tolerance, ids, types, base64Url, false);
        }

        /** A rule with hex signatures. */
        Rule(String header, String separator, String timestampKey, String signatureKey, String joiner,
             boolean millis, Duration tolerance, List<ValueLocator> ids, List<ValueLocator> types) {
            this(header, separator, timestampKey, signatureKey, joiner, millis, tolerance, ids, types, false, false);
        }
    }

    private final Rule rule;

    ParamsHeaderFamily(Rule rule) {
        this.rule = rule;
    }

    @Override
    public final Family family() {
        return Family.HMAC;
    }

    @Override
    public List<String> headers() {
        List<String> out = new ArrayList<>(List.of(rule.header()));
        out.addAll(Scheme.headerNames(rule.ids(), rule.types()));
        return out;
    }

    @Override
    public final Duration tolerance() {
        return rule.tolerance();
    }

    @Override
    public String eventIdSource() {
        if (rule.ids().isEmpty()) {
            return "SHA-256 of the body";
        }
        ValueLocator l = rule.ids().get(0);
        return Scheme.where(l);
    }

    @Override
    final Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, rule.tolerance());
            this.keys = utf8Keys("HmacSHA256");
        }

        @Override
        Verification check(Inbound in) {
            String raw = required(in, rule.header(), Reason.MISSING_SIGNATURE);
            String tsText = null;
            List<byte[]> candidates = new ArrayList<>();
            boolean sawSignature = false;
            for (String param : raw.split(java.util.regex.Pattern.quote(rule.separator()))) {
                int eq = param.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = param.substring(0, eq).trim();
                String value = param.substring(eq + 1).trim();
                if (key.equals(rule.timestampKey())) {
                    if (tsText != null) {
                        throw new Rejection(Reason.MALFORMED_SIGNATURE, rule.header() + " has two timestamps");
                    }
                    tsText = value;
                } else if (key.equals(rule.signatureKey())) {
                    sawSignature = true;
                    byte[] sig = decode(value);
                    if (sig != null && sig.length == keys.get(0).length()) {
                        candidates.add(sig);
                    }
                }
            }
            if (tsText == null) {
                throw new Rejection(Reason.MISSING_TIMESTAMP, rule.header() + " has no " + rule.timestampKey() + "=");
            }
            if (!sawSignature) {
                throw new Rejection(Reason.MISSING_SIGNATURE, rule.header() + " has no " + rule.signatureKey() + "=");
            }
            if (candidates.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, rule.header() + " has no well-formed "
                        + rule.signatureKey() + " signature");
            }
            Instant ts = epoch(tsText, rule.header() + " " + rule.timestampKey());
            if (rule.bodyFirst()) {
                requireMatch(keys, candidates, in.body(), Codec.utf8(rule.joiner() + tsText));
            } else {
                requireMatch(keys, candidates, Codec.utf8(tsText + rule.joiner()), in.body());
            }
            Instant at = withinTolerance(ts);
            return new Verification.Verified(eventId(in, rule.ids(), true), eventType(in), at, null);
        }

        private byte[] decode(String value) {
            if (!rule.base64Url()) {
                return Codec.hex(value);
            }
            try {
                return java.util.Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        String presetType(Inbound in) {
            return firstType(in, rule.types());
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Instant time = r.time() != null ? r.time() : clock.instant();
            String ts = Long.toString(rule.millis() ? time.toEpochMilli() : time.getEpochSecond());
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.utf8(r.signingKey()));
            byte[] mac = rule.bodyFirst() ? key.sign(r.body(), Codec.utf8(rule.joiner() + ts))
                    : key.sign(Codec.utf8(ts + rule.joiner()), r.body());
            Map<String, String> h = headers();
            String sig = rule.base64Url() ? java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac) : Codec.hex(mac);
            h.put(rule.header(), rule.timestampKey() + "=" + ts + rule.separator() + rule.signatureKey() + "=" + sig);
            return h;
        }
    }
}
