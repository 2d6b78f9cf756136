package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Family: an HMAC-SHA256 whose signature header is a list of {@code key=value} parameters carrying the
 * timestamp and one or more signatures, Stripe-style: Mux {@code t=<s>,v1=<hex>}, Paddle
 * {@code ts=<s>;h1=<hex>}, Sanity {@code t=<ms>,v1=<base64url>}. The signed content is
 * {@code <timestamp><joiner><raw body>}, the timestamp as sent; any signature
 * parameter may match (several during a secret rotation), parameters with other keys are ignored. The key
 * is the secret's UTF-8 bytes. Id and type come from the body.
 *
 * @param header        the signature header
 * @param separator     between parameters ({@code ","} or {@code ";"})
 * @param timestampKey  the parameter holding the epoch timestamp
 * @param signatureKey  the parameter(s) holding hex signatures
 * @param joiner        between timestamp and body in the signed content
 * @param base64Url     signatures are unpadded base64url rather than hex
 * @param millis        the timestamp is in milliseconds (the signer writes milliseconds)
 * @param tolerance     the default timestamp tolerance
 * @param ids           where the event id is, first present wins
 * @param types         where the event type is, first present wins
 * @param idRequired    true: no id is MISSING_EVENT_ID; false: the SHA-256 of the body
 */
abstract class ParameterHmacFamily extends Provider {
    record Format(String header, String separator, String timestampKey, String signatureKey, String joiner,
                  boolean base64Url, boolean millis, Duration tolerance, List<ValueLocator> ids, List<ValueLocator> types,
                  boolean idRequired) {
    }

    private final Format format;

    ParameterHmacFamily(Format format) {
        this.format = format;
    }

    @Override
    public final Family family() {
        return Family.HMAC;
    }

    @Override
    public final List<String> headers() {
        List<String> out = new ArrayList<>(List.of(format.header()));
        for (List<ValueLocator> ls : List.of(format.ids(), format.types())) {
            ls.stream().filter(ValueLocator::isHeader).map(ValueLocator::header).forEach(out::add);
        }
        return List.copyOf(out);
    }

    @Override
    public final Duration tolerance() {
        return format.tolerance();
    }

    @Override
    public String eventIdSource() {
        StringBuilder b = new StringBuilder();
        for (ValueLocator l : format.ids()) {
            b.append(b.length() == 0 ? "" : ", else ").append(l.isHeader() ? "header " + l.header() : "body " + l.json());
        }
        return format.idRequired() ? b.toString() : (b.length() == 0 ? "" : b + ", else ") + "SHA-256 of the body";
    }

    @Override
    final Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private final class Verifier extends Scheme {
        private final List<HmacKey> keys;
        private final byte[] joiner = Codec.utf8(format.joiner());

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, format.tolerance());
            this.keys = utf8Keys("HmacSHA256");
        }

        @Override
        Verification check(Inbound in) {
            String header = required(in, format.header(), Reason.MISSING_SIGNATURE);
            String t = null;
            boolean sawSignature = false;
            List<byte[]> candidates = new ArrayList<>();
            for (String item : header.split(Pattern.quote(format.separator()))) {
                int eq = item.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = item.substring(0, eq).trim();
                String value = item.substring(eq + 1).trim();
                if (key.equals(format.timestampKey())) {
                    if (t != null) {
                        throw new Rejection(Reason.MALFORMED_SIGNATURE, format.header() + " has more than one "
                                + format.timestampKey() + "=");
                    }
                    t = value;
                } else if (key.equals(format.signatureKey())) {
                    sawSignature = true;
                    byte[] sig = decode(value);
                    if (sig != null && sig.length == keys.get(0).length()) {
                        candidates.add(sig);
                    }
                }
            }
            if (t == null || t.isEmpty()) {
                throw new Rejection(Reason.MISSING_TIMESTAMP, format.header() + " has no " + format.timestampKey() + "=");
            }
            Instant ts = epoch(t, format.header() + " " + format.timestampKey());
            if (!sawSignature) {
                throw new Rejection(Reason.MISSING_SIGNATURE, format.header() + " has no " + format.signatureKey() + "=");
            }
            if (candidates.isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, format.header() + " has no well-formed "
                        + format.signatureKey() + "= signature");
            }
            requireMatch(keys, candidates, Codec.utf8(t), joiner, in.body());
            Instant at = withinTolerance(ts);
            return new Verification.Verified(eventId(in, format.ids(), !format.idRequired()), eventType(in), at, null);
        }

        private byte[] decode(String value) {
            if (!format.base64Url()) {
                return Codec.hex(value);
            }
            try {
                return Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        String presetType(Inbound in) {
            for (ValueLocator l : format.types()) {
                String type = in.read(l, "event type");
                if (type != null && !type.isEmpty()) {
                    return type;
                }
            }
            return "";
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Instant time = r.time() != null ? r.time() : clock.instant();
            String ts = Long.toString(format.millis() ? time.toEpochMilli() : time.getEpochSecond());
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.utf8(r.signingKey()));
            Map<String, String> h = headers();
            byte[] mac = key.sign(Codec.utf8(ts), joiner, r.body());
            h.put(format.header(), format.timestampKey() + "=" + ts + format.separator() + format.signatureKey() + "="
                    + (format.base64Url() ? Base64.getUrlEncoder().withoutPadding().encodeToString(mac) : Codec.hex(mac)));
            return h;
        }
    }
}
