package io.sluice.scheme;

import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The verifier and signer of one configured source, made by its {@link Provider}. What every provider
 * shares lives here: the never-throw guard around {@link #verify}, tolerance checks, event id and type
 * rules with the source's overrides, and key decoding.
 */
abstract class Scheme implements WebhookVerifier, WebhookSigner {
    private static final Logger LOG = LoggerFactory.getLogger(Scheme.class);

    /** Longest event id accepted: it becomes part of a Kafka key. */
    static final int MAX_ID_LENGTH = 256;
    /** Longest event type accepted: it becomes a Kafka header and is matched by route globs. */
    static final int MAX_TYPE_LENGTH = 256;
    /** Attempt counters above this are treated as garbage (ignored). */
    private static final int MAX_ATTEMPT_DIGITS = 9;

    final SourceConfig source;
    final Clock clock;
    final Duration tolerance;
    /** The JSON Pointers this source's deliveries are read at, learned as they are read. */
    private final BodyPointers pointers = new BodyPointers();

    Scheme(SourceConfig source, Clock clock, Duration defaultTolerance) {
        this.source = source;
        this.clock = clock;
        this.tolerance = source.tolerance() != null ? source.tolerance() : defaultTolerance;
    }

    @Override
    public final Verification verify(Delivery delivery) {
        if (delivery == null || delivery.headers() == null || delivery.body() == null) {
            return new Verification.Rejected(Reason.MALFORMED_HEADER, "incomplete delivery");
        }
        try {
            return check(new Inbound(delivery, pointers));
        } catch (Rejection r) {
            return r.toVerification();
        } catch (RuntimeException | StackOverflowError e) {
            // A bug must never turn into a 500 or an accepted delivery: fail closed, as unauthenticated,
            // but say so (class only: a message could quote a header or the body), so that a bug cannot
            // hide among bad signatures; the ingress counts the fault.
            LOG.warn("event=verifier_error source={} error={}", source.name(), e.getClass().getName());
            return new Verification.Rejected(Reason.INVALID_SIGNATURE, "the delivery could not be verified",
                    e.getClass().getName());
        }
    }

    /** The scheme's checks; throws {@link Rejection} for any refusal. */
    abstract Verification check(Inbound in);

    // ---- keys ---------------------------------------------------------------------------------

    /** One HMAC key per configured secret, in order (the first one signs). */
    final List<HmacKey> keys(String macAlgorithm, Function<Secret, byte[]> material) {
        return source.secrets().stream().map(s -> new HmacKey(macAlgorithm, material.apply(s))).toList();
    }

    final List<HmacKey> utf8Keys(String macAlgorithm) {
        return keys(macAlgorithm, Secret::utf8);
    }

    /**
     * True when any key's MAC over {@code parts} equals any candidate, compared in constant time on
     * the decoded bytes.
     */
    static boolean anyMatches(List<HmacKey> keys, List<byte[]> candidates, byte[]... parts) {
        for (HmacKey key : keys) {
            byte[] expected = key.sign(parts);
            for (byte[] c : candidates) {
                if (MessageDigest.isEqual(expected, c)) {
                    return true;
                }
            }
        }
        return false;
    }

    static void requireMatch(List<HmacKey> keys, List<byte[]> candidates, byte[]... parts) {
        if (!anyMatches(keys, candidates, parts)) {
            throw new Rejection(Reason.INVALID_SIGNATURE, "signature does not match any configured secret");
        }
    }

    /** A hex signature of the right length for {@code keys}, or MALFORMED_SIGNATURE. */
    static byte[] hexSignature(String text, String header, List<HmacKey> keys) {
        byte[] b = Codec.hex(text);
        if (b == null || b.length != keys.get(0).length()) {
            throw new Rejection(Reason.MALFORMED_SIGNATURE,
                    header + " must be " + keys.get(0).length() * 2 + " hex digits");
        }
        return b;
    }

    static byte[] base64Signature(String text, String header, List<HmacKey> keys) {
        byte[] b = Codec.base64(text);
        if (b == null || b.length != keys.get(0).length()) {
            throw new Rejection(Reason.MALFORMED_SIGNATURE, header + " is not a base64 HMAC of the right length");
        }
        return b;
    }

    static String required(Inbound in, String header, Reason missing) {
        String v = in.header(header);
        if (v == null) {
            throw new Rejection(missing, "header " + header + " is missing");
        }
        return v;
    }

    static String stripPrefix(String value, String prefix, String header) {
        if (prefix == null || prefix.isEmpty()) {
            return value;
        }
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new Rejection(Reason.MALFORMED_SIGNATURE, header + " must start with " + prefix);
        }
        return value.substring(prefix.length());
    }

    // ---- timestamps ---------------------------------------------------------------------------

    /**
     * The text of the source's configured {@code timestamp:} value ({@code hmac}, {@code hyponema}),
     * or null when the source configures none; MISSING_TIMESTAMP when configured but absent.
     */
    String configuredTimestamp(Inbound in) {
        if (source.timestamp() == null) {
            return null;
        }
        String text = in.read(source.timestamp(), "timestamp");
        if (text == null) {
            throw new Rejection(Reason.MISSING_TIMESTAMP, "no timestamp in " + where(source.timestamp()));
        }
        return text;
    }

    /** Where a configured value is read, for error details. */
    static String where(ValueLocator l) {
        return l.isHeader() ? "header " + l.header() : "body " + l.json();
    }

    /** An epoch timestamp header ({@link Timestamps#epoch(String)}: seconds, or milliseconds by size), else MALFORMED_TIMESTAMP. */
    static Instant epoch(String raw, String what) {
        Instant t = Timestamps.epoch(raw);
        if (t == null) {
            throw new Rejection(Reason.MALFORMED_TIMESTAMP, what + " must be seconds (or milliseconds) since the epoch");
        }
        return t;
    }

    /** A timestamp in a JSON body ({@link Timestamps#any(com.fasterxml.jackson.databind.JsonNode)}), else MALFORMED_TIMESTAMP. */
    static Instant time(com.fasterxml.jackson.databind.JsonNode n, String what) {
        Instant t = Timestamps.any(n);
        if (t == null) {
            throw new Rejection(Reason.MALFORMED_TIMESTAMP, what + " must be seconds since the epoch or an ISO-8601 time");
        }
        return t;
    }

    /** Refuses a timestamp older than the tolerance or further than the tolerance in the future. */
    final Instant withinTolerance(Instant ts) {
        Instant now = clock.instant();
        Duration skew = Duration.between(ts, now);
        if (skew.compareTo(tolerance) > 0) {
            throw new Rejection(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                    "timestamp is " + skew.toSeconds() + " s old, tolerance is " + tolerance.toSeconds() + " s");
        }
        if (skew.negated().compareTo(tolerance) > 0) {
            throw new Rejection(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
                    "timestamp is " + skew.negated().toSeconds() + " s in the future, tolerance is "
                            + tolerance.toSeconds() + " s");
        }
        return ts;
    }

    /**
     * The URL the provider called and signed, for providers that sign it: the source's {@code public-url}
     * (the ingress sits behind a load balancer, so the URL it sees differs), with the request's query
     * string appended when the public URL has none; without {@code public-url}, the request's URL.
     */
    final String publicUrl(String requestUrl) {
        String request = requestUrl == null ? "" : requestUrl;
        String configured = source.publicUrl();
        if (configured == null || configured.isBlank()) {
            return request;
        }
        int q = request.indexOf('?');
        return configured.indexOf('?') < 0 && q >= 0 ? configured + request.substring(q) : configured;
    }

    final long nowOr(Instant time) {
        return (time != null ? time : clock.instant()).getEpochSecond();
    }

    // ---- event id and type ------------------------------------------------------------------

    /**
     * The event id: the source's {@code event-id} override if set, else the preset's locators in order,
     * else (when {@code hashFallback}) the SHA-256 hex of the body, else MISSING_EVENT_ID.
     */
    final String eventId(Inbound in, List<ValueLocator> preset, boolean hashFallback) {
        List<ValueLocator> chain = source.eventId() != null ? List.of(source.eventId()) : preset;
        boolean hash = source.eventId() == null && hashFallback;
        for (ValueLocator l : chain) {
            String v = in.read(l, "event id");
            if (v != null && !v.isEmpty()) {
                return validId(v);
            }
        }
        if (hash) {
            return in.bodySha256();
        }
        throw new Rejection(Reason.MISSING_EVENT_ID, "no event id in " + describe(chain));
    }

    static String validId(String id) {
        if (id.length() > MAX_ID_LENGTH) {
            throw new Rejection(Reason.MALFORMED_EVENT_ID, "event id is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (id.isBlank()) {
            throw new Rejection(Reason.MALFORMED_EVENT_ID, "event id is blank");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new Rejection(Reason.MALFORMED_EVENT_ID, "event id contains control characters");
            }
        }
        return id;
    }

    /** The event type: the source's {@code event-type} override if set, else {@link #presetType}. */
    final String eventType(Inbound in) {
        String t;
        if (source.eventType() != null) {
            t = in.read(source.eventType(), "event type");
            t = t == null ? "" : t;
        } else {
            t = presetType(in);
        }
        return validType(t);
    }

    /** The preset's event type; "" when the provider gives none. */
    String presetType(Inbound in) {
        return "";
    }

    static String validType(String t) {
        if (t.length() > MAX_TYPE_LENGTH) {
            throw new Rejection(Reason.MALFORMED_HEADER, "event type is longer than " + MAX_TYPE_LENGTH + " characters");
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                throw new Rejection(Reason.MALFORMED_HEADER, "event type contains control characters");
            }
        }
        return t;
    }

    /** A positive attempt counter from a header, or null when absent or not a small positive integer. */
    static Integer attempt(Inbound in, String header, int add) {
        String v = in.header(header);
        if (v == null || v.length() > MAX_ATTEMPT_DIGITS) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return null;
            }
        }
        int n = Integer.parseInt(v) + add;
        return n > 0 ? n : null;
    }

    private static String describe(List<ValueLocator> chain) {
        StringBuilder b = new StringBuilder();
        for (ValueLocator l : chain) {
            b.append(b.length() == 0 ? "" : " or ").append(where(l));
        }
        return b.length() == 0 ? "the delivery" : b.toString();
    }

    /** The event type at the first of {@code where} that holds a non-empty value; "" when none does. */
    static String firstType(Inbound in, List<ValueLocator> where) {
        for (ValueLocator l : where) {
            String t = in.read(l, "event type");
            if (t != null && !t.isEmpty()) {
                return t;
            }
        }
        return "";
    }

    /** The names of those of {@code ids}, then of {@code types}, that are headers, in order (a provider's headers). */
    static List<String> headerNames(List<ValueLocator> ids, List<ValueLocator> types) {
        List<String> out = new ArrayList<>();
        ids.stream().filter(ValueLocator::isHeader).map(ValueLocator::header).forEach(out::add);
        types.stream().filter(ValueLocator::isHeader).map(ValueLocator::header).forEach(out::add);
        return out;
    }

    /** Where a family reads the event id, in words: each of {@code ids} in order, else the SHA-256 of the body. */
    static String idSourcesElseHash(List<ValueLocator> ids) {
        StringBuilder b = new StringBuilder();
        for (ValueLocator l : ids) {
            b.append(where(l)).append(", else ");
        }
        return b + "SHA-256 of the body";
    }

    /**
     * What a signer sends besides the signature: the event id (the request's, else a random one) in the first
     * header of {@code ids}, and the request's event type, if any, in the first header of {@code types}.
     */
    static void putIdAndType(Map<String, String> h, SignRequest r, List<ValueLocator> ids, List<ValueLocator> types) {
        for (ValueLocator l : ids) {
            if (l.isHeader()) {
                h.put(l.header(), r.eventId() != null ? r.eventId() : randomId());
                break;
            }
        }
        if (r.eventType() != null) {
            types.stream().filter(ValueLocator::isHeader).findFirst().ifPresent(l -> h.put(l.header(), r.eventType()));
        }
    }

    /**
     * Reads a value the signed content needs from a delivery being signed.
     *
     * @throws IllegalArgumentException when the body cannot provide it (e.g. not JSON)
     */
    static String readForSigning(Inbound view, ValueLocator locator, String what) {
        try {
            return view.read(locator, what);
        } catch (Rejection r) {
            throw new IllegalArgumentException("cannot sign: " + r.getMessage());
        }
    }

    static String randomId() {
        return UUID.randomUUID().toString();
    }

    static Map<String, String> headers() {
        return new java.util.LinkedHashMap<>();
    }
}
