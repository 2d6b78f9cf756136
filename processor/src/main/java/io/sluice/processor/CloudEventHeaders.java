package io.sluice.processor;

import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The CloudEvents Kafka protocol binding's binary-mode headers ({@code ce_*} + {@code content-type})
 * that every output record carries: routed, default, dead-letter and replayed records alike.
 *
 * <p>One place builds them so that every writer of output records agrees on the attributes:
 * {@code ce_specversion} {@value #SPEC_VERSION}, {@code ce_id} the event id, {@code ce_source}
 * {@code sluice/<source>}, {@code ce_type} the event type, {@code ce_time} (RFC 3339) and
 * {@code ce_subject} when known. An event without a type (an {@code hmac} source without a type rule)
 * gets {@value #UNTYPED}, because CloudEvents requires a non-empty type.
 *
 * <p>Existing {@code ce_*} and {@code content-type} headers are replaced, never duplicated, so a
 * record that passes through twice (replay) still carries one value per attribute.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = CloudEventJson.SPEC_VERSION;
    public static final String SPECVERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /** Prefix of {@code ce_source}: the source name follows. */
    public static final String SOURCE_PREFIX = CloudEventJson.SOURCE_PREFIX;
    /** {@code ce_type} of an event whose type is empty or unknown. */
    public static final String UNTYPED = CloudEventJson.UNTYPED;
    /** The content type of a JSON route's record value (CloudEvents structured mode). */
    public static final String JSON_CONTENT_TYPE = CloudEventJson.CONTENT_TYPE;
    /**
     * The data content type of an Avro route's record value: a {@code WebhookEvent} in Avro
     * single-object encoding ({@code C3 01} + fingerprint + binary).
     */
    public static final String AVRO_CONTENT_TYPE = "application/avro";

    private static final String[] ALL = {SPECVERSION, ID, SOURCE, TYPE, TIME, SUBJECT, CONTENT_TYPE};

    private CloudEventHeaders() {
    }

    /**
     * Sets the binary-mode headers of a normalized event.
     *
     * @param headers     the output record's own (mutable) headers
     * @param contentType the content type of the record's value (e.g. {@link #AVRO_CONTENT_TYPE})
     * @return {@code headers}
     */
    public static Headers setForEvent(Headers headers, WebhookEvent event, String contentType) {
        return set(headers, event.getId(), event.getSource(), event.getType(), event.getTime(), event.getSubject(),
                contentType);
    }

    /**
     * Sets the binary-mode headers of a dead-letter record from the raw record's {@code sluice.*}
     * headers, which may be missing (that can be why it is dead-lettered): the id then falls back to
     * {@code fallbackId} (unique per raw record, e.g. {@code raw-<partition>-<offset>}), the source to
     * {@code sluice/unknown}, the type to {@value #UNTYPED}. {@code content-type} stays the raw one
     * (the value is the body as received), else {@code application/octet-stream}.
     */
    public static Headers setForDeadLetter(Headers headers, String fallbackId) {
        String id = RawHeaders.text(headers, RawHeaders.EVENT_ID);
        String source = RawHeaders.text(headers, RawHeaders.SOURCE);
        String contentType = RawHeaders.text(headers, RawHeaders.CONTENT_TYPE);
        return set(headers, id == null || id.isEmpty() ? fallbackId : id,
                source == null || source.isEmpty() ? "unknown" : source,
                RawHeaders.text(headers, RawHeaders.EVENT_TYPE), null, null,
                contentType == null || contentType.isBlank() ? Normalizer.DEFAULT_CONTENT_TYPE : contentType);
    }

    private static Headers set(Headers headers, String id, String source, String type, Instant time,
                               String subject, String contentType) {
        for (String name : ALL) {
            headers.remove(name);
        }
        add(headers, SPECVERSION, SPEC_VERSION);
        add(headers, ID, id);
        add(headers, SOURCE, CloudEventJson.ceSource(source));
        add(headers, TYPE, CloudEventJson.ceType(type));
        if (time != null) {
            // Instant.toString is ISO-8601 in UTC with a 'Z': a valid RFC 3339 date-time
            add(headers, TIME, time.toString());
        }
        if (subject != null && !subject.isEmpty()) {
            add(headers, SUBJECT, subject);
        }
        add(headers, CONTENT_TYPE, contentType);
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
