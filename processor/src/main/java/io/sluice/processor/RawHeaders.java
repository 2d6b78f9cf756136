package io.sluice.processor;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** Names of the headers the ingress writes on the raw topic (DESIGN.md, "The raw topic"), and the DLQ's. */
public final class RawHeaders {
    public static final String SOURCE = "sluice.source";
    public static final String EVENT_ID = "sluice.event-id";
    public static final String EVENT_TYPE = "sluice.event-type";
    public static final String RECEIVED_AT = "sluice.received-at";
    public static final String DELIVERY_ATTEMPT = "sluice.delivery-attempt";
    public static final String CONTENT_TYPE = "content-type";
    /** On dead-letter records: why the record could not be processed (a {@link DlqReason} code). */
    public static final String DLQ_REASON = "sluice.dlq.reason";
    /** On dead-letter records: a human-readable detail (never a secret; the body is not quoted). */
    public static final String DLQ_DETAIL = "sluice.dlq.detail";

    private RawHeaders() {
    }

    /** The last value of {@code name} as UTF-8 text, or null when absent or without value. */
    public static String text(Headers headers, String name) {
        byte[] v = value(headers, name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** The last value of {@code name} as it is (not a copy: do not change it), or null when absent or without value. */
    public static byte[] value(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null ? null : h.value();
    }

    /**
     * {@code Long.parseLong(new String(value, UTF_8).trim())}: the usual value (1 to 18 ASCII digits:
     * epoch milliseconds, attempt numbers) is read from the bytes, without a String per record; anything
     * else goes the String way.
     *
     * @throws NumberFormatException as {@link Long#parseLong} does
     */
    public static long parseLong(byte[] value) {
        long digits = digits(value);
        return digits >= 0 ? digits : Long.parseLong(new String(value, StandardCharsets.UTF_8).trim());
    }

    /** {@link #parseLong(byte[])}, or {@code fallback} when {@code value} is null or that throws. */
    public static long parseLong(byte[] value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * The value of 1 to 18 ASCII digits and nothing else (which no long overflows), or -1 for any other
     * bytes: whitespace, signs and longer numbers are for {@link Long#parseLong} to judge.
     */
    static long digits(byte[] value) {
        if (value.length == 0 || value.length > 18) {
            return -1;
        }
        long n = 0;
        for (byte b : value) {
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }
}
