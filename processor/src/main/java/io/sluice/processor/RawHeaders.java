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
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
