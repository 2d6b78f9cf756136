package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The signature, timestamp, id and type rules of an {@link HmacFamily} provider, as data. Immutable;
 * each method returns a changed copy. Defaults: HMAC-SHA256, hex, no prefix, template {@code {body}},
 * key = the secret's UTF-8 bytes, no timestamp, id = SHA-256 of the body, no type.
 *
 * <pre>{@code
 * HmacRule.header("Linear-Signature").template("{body}").idFrom(ValueLocator.header("Linear-Delivery"))
 *         .typeFrom(ValueLocator.header("Linear-Event"))
 * }</pre>
 *
 * @param header       the signature header
 * @param algorithm    Java MAC name: {@code HmacSHA256}, {@code HmacSHA1}, {@code HmacSHA512}
 * @param base64Signature true for base64 signatures, false for hex
 * @param prefix       stripped (case-insensitively) before decoding, e.g. {@code sha256=}; "" for none
 * @param separator    when not null, the header holds several signatures separated by it (any may match)
 * @param template     what is signed ({@link SignedTemplate})
 * @param keyBase64    true when the secret is base64 and the key is its decoded bytes
 * @param timestamp    where the timestamp is, or null when the provider sends none
 * @param timeForm     how the provider writes the timestamp (the verifier reads epoch seconds and milliseconds
 *                     alike, by size; the signer writes this form)
 * @param tolerance    the default tolerance (ZERO without a timestamp)
 * @param ids          where the event id is, first present wins
 * @param idRequired   true: no id is MISSING_EVENT_ID; false: the SHA-256 of the body
 * @param types        where the event type is, first present wins; none: ""
 * @param attempt      header with the provider's attempt counter, or null
 */
public record HmacRule(String header, String algorithm, boolean base64Signature, String prefix, String separator,
                       String template, boolean keyBase64, ValueLocator timestamp, TimeForm timeForm,
                       Duration tolerance, List<ValueLocator> ids, boolean idRequired, List<ValueLocator> types,
                       String attempt) {
    /** How a provider writes its timestamp. */
    public enum TimeForm {
        /** Epoch seconds (most providers). */
        EPOCH_SECONDS,
        /** Epoch milliseconds (Webflow, HubSpot). */
        EPOCH_MILLIS,
        /** ISO-8601 text (Twitch). */
        ISO
    }

    public HmacRule {
        ids = List.copyOf(ids);
        types = List.copyOf(types);
    }

    /** HMAC-SHA256, hex, of the body, in {@code header}. */
    public static HmacRule header(String header) {
        return new HmacRule(header, "HmacSHA256", false, "", null, "{body}", false, null, TimeForm.EPOCH_SECONDS, Duration.ZERO,
                List.of(), false, List.of(), null);
    }

    public HmacRule sha1() {
        return algorithm("HmacSHA1");
    }

    public HmacRule sha512() {
        return algorithm("HmacSHA512");
    }

    public HmacRule algorithm(String javaName) {
        return new HmacRule(header, javaName, base64Signature, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, ids, idRequired, types, attempt);
    }

    public HmacRule base64() {
        return new HmacRule(header, algorithm, true, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, ids, idRequired, types, attempt);
    }

    public HmacRule prefix(String prefix) {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, ids, idRequired, types, attempt);
    }

    /** The header holds several signatures separated by {@code separator} (each with {@link #prefix}). */
    public HmacRule several(String separator) {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, ids, idRequired, types, attempt);
    }

    public HmacRule template(String template) {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, ids, idRequired, types, attempt);
    }

    /** The key is the base64-decoded secret (not its UTF-8 text). */
    public HmacRule base64Key() {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, true, timestamp, timeForm,
                tolerance, ids, idRequired, types, attempt);
    }

    /**
     * An epoch timestamp at {@code where}, checked against {@code tolerance}: read as seconds, or milliseconds by
     * size; the signer writes seconds.
     */
    public HmacRule timestamp(ValueLocator where, Duration tolerance) {
        return timestamp(where, TimeForm.EPOCH_SECONDS, tolerance);
    }

    /** {@link #timestamp(ValueLocator, Duration)}, but the provider sends milliseconds, so the signer writes them too. */
    public HmacRule millisTimestamp(ValueLocator where, Duration tolerance) {
        return timestamp(where, TimeForm.EPOCH_MILLIS, tolerance);
    }

    /** An ISO-8601 timestamp at {@code where}, checked against {@code tolerance}. */
    public HmacRule isoTimestamp(ValueLocator where, Duration tolerance) {
        return timestamp(where, TimeForm.ISO, tolerance);
    }

    private HmacRule timestamp(ValueLocator where, TimeForm form, Duration tolerance) {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, keyBase64, where, form,
                tolerance, ids, idRequired, types, attempt);
    }

    /** {@code time} as this rule's provider writes it. */
    String format(java.time.Instant time) {
        return switch (timeForm) {
            case EPOCH_SECONDS -> Long.toString(time.getEpochSecond());
            case EPOCH_MILLIS -> Long.toString(time.toEpochMilli());
            case ISO -> time.toString();
        };
    }

    /** The event id is at the first of these that is present; none present is MISSING_EVENT_ID. */
    public HmacRule idFrom(ValueLocator... where) {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, List.of(where), true, types, attempt);
    }

    /** The event id is at the first of these that is present, else the SHA-256 of the body. */
    public HmacRule idFromOrHash(ValueLocator... where) {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, List.of(where), false, types, attempt);
    }

    public HmacRule typeFrom(ValueLocator... where) {
        return new HmacRule(header, algorithm, base64Signature, prefix, separator, template, keyBase64, timestamp, timeForm,
                tolerance, ids, idRequired, List.of(where), attempt);
    }

    /** The provider's attempt counter is in {@code header} (1 = first delivery). */
    public HmacRule attempt(String header) {
        return new HmacRule(this.header, algorithm, base64Signature, prefix, separator, template, keyBase64, timestamp,
                timeForm, tolerance, ids, idRequired, types, header);
    }

    /** Every header this rule reads, the signature header first. */
    List<String> headerNames() {
        List<String> out = new ArrayList<>(List.of(header));
        if (timestamp != null && timestamp.isHeader()) {
            out.add(timestamp.header());
        }
        out.addAll(Scheme.headerNames(ids, types));
        new SignedTemplate(template).headerNames().stream().filter(h -> !out.contains(h)).forEach(out::add);
        if (attempt != null) {
            out.add(attempt);
        }
        return out;
    }

    String describeId() {
        if (ids.isEmpty()) {
            return "SHA-256 of the body";
        }
        StringBuilder b = new StringBuilder();
        for (ValueLocator l : ids) {
            b.append(b.length() == 0 ? "" : ", else ").append(Scheme.where(l));
        }
        return idRequired ? b.toString() : b + ", else SHA-256 of the body";
    }
}
