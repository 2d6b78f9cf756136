package io.sluice.scheme;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one reader of provider timestamps, used by the verifiers (ingress) and by normalization
 * (processor), so both read the same text the same way. The rules (docs/providers.md, "Timestamps"):
 * <ul>
 *   <li>an integer of 1 to 13 decimal digits is seconds since the epoch when below 10^11 and
 *       milliseconds otherwise (10^11 s would be the year 5138; 13 digits of milliseconds reach 2286);
 *       longer digit strings are malformed;</li>
 *   <li>a decimal number ({@code 1700000000.25}) is seconds with a fraction;</li>
 *   <li>text that is neither is read as an ISO-8601 date-time with an offset ({@code 2026-11-23T12:00:00Z},
 *       {@code 2026-11-23T12:00:00.344+01:00}), only where a rule allows ISO ({@link #any});</li>
 *   <li>anything outside the years 0000..9999 is refused: it is a provider bug and would not fit an
 *       Avro timestamp-millis.</li>
 * </ul>
 */
public final class Timestamps {
    /** Up to this many digits an epoch value is accepted; 13 digits of milliseconds reach the year 2286. */
    public static final int MAX_EPOCH_DIGITS = 13;
    /** An epoch value at or above this is milliseconds, below it seconds. */
    public static final long MILLIS_THRESHOLD = 100_000_000_000L;
    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final int MAX_TEXT = 64;

    private Timestamps() {
    }

    /** An epoch integer written as 1..13 decimal digits (seconds or milliseconds by size); null otherwise. */
    public static Instant epoch(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_EPOCH_DIGITS) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return epoch(Long.parseLong(text));
    }

    /** An epoch integer: seconds below 10^11, else milliseconds; null beyond 13 digits or out of range. */
    public static Instant epoch(long value) {
        if (value < 0 || value >= 10_000_000_000_000L) {
            return null;
        }
        return sane(value >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value));
    }

    /** An ISO-8601 date-time with an offset or {@code Z}; null otherwise. */
    public static Instant iso(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            return null;
        }
        try {
            return sane(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Epoch digits, a decimal number of seconds, or ISO-8601 text; null when none of those. */
    public static Instant any(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        Instant e = epoch(t);
        if (e != null) {
            return e;
        }
        Instant d = decimalSeconds(t);
        return d != null ? d : iso(t);
    }

    /** A JSON value by the same rules: integer, decimal, numeric string or ISO-8601 string; else null. */
    public static Instant any(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? epoch(n.longValue()) : null;
        }
        if (n.isNumber()) {
            return decimalSeconds(n.decimalValue());
        }
        if (n.isTextual()) {
            return any(n.textValue());
        }
        return null;
    }

    /** Only times in the years 0000..9999; null otherwise (and for null). */
    public static Instant sane(Instant t) {
        if (t == null || t.isBefore(MIN) || t.isAfter(MAX)) {
            return null;
        }
        return t;
    }

    private static Instant decimalSeconds(String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT || text.indexOf('.') < 1) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return null;
            }
        }
        try {
            return decimalSeconds(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant decimalSeconds(BigDecimal d) {
        if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) >= 0) {
            return null;
        }
        try {
            long millis = d.movePointRight(3).longValue();
            return sane(Instant.ofEpochMilli(millis));
        } catch (ArithmeticException | DateTimeException e) {
            return null;
        }
    }
}
