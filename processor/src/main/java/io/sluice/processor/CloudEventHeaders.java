package io.sluice.processor;

import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

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

    static final String[] ALL = {SPECVERSION, ID, SOURCE, TYPE, TIME, SUBJECT, CONTENT_TYPE};

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
     * The headers of an output record: {@code raw}'s in their order less any {@code ce_*} and
     * {@code content-type} and less the ingress's {@code sluice.*} envelope headers ({@link #ENVELOPE}),
     * then the event's binary-mode headers; the same as {@code setForEvent(copy of raw less the
     * envelope headers, event, contentType)}, built in one pass into a fresh {@link RecordHeaders}
     * (the processor's per-record path: no copy, then removals).
     *
     * <p>The envelope headers are not copied because the output says the same already: id, source
     * and type in {@code ce_id}, {@code ce_source}, {@code ce_type}, and all five in the value
     * ({@code WebhookEvent}, or the CloudEvent's attributes and extensions on a JSON route). Each
     * header costs the producer, the broker and every consumer per record (they were four of eleven
     * headers on a bench record); other raw headers are kept. Dead-letter records keep them all: their
     * value is the raw body, and the headers are all that describes it.
     */
    public static Headers forEvent(Headers raw, WebhookEvent event, String contentType) {
        // add() one by one, not new RecordHeaders(Header[]): that constructor walks an Arrays.asList
        // through Iterable/Iterator calls too varied to inline (2-3 % of the stream thread's samples)
        RecordHeaders out = new RecordHeaders();
        if (raw != null) {
            for (Header h : raw) { // not toArray(): a reflectively typed array copy per record
                String key = h.key();
                if (!replaced(key) && !envelope(key)) {
                    out.add(h);
                }
            }
        }
        out.add(header(SPECVERSION, SPEC_VERSION));
        out.add(header(ID, event.getId()));
        out.add(header(SOURCE, CloudEventJson.ceSource(event.getSource())));
        out.add(header(TYPE, CloudEventJson.ceType(event.getType())));
        if (event.getTime() != null) {
            out.add(header(TIME, rfc3339(event.getTime())));
        }
        String subject = event.getSubject();
        if (subject != null && !subject.isEmpty()) {
            out.add(header(SUBJECT, subject));
        }
        out.add(header(CONTENT_TYPE, contentType));
        return out;
    }

    /**
     * The raw topic's headers that routed and default records do not carry (DESIGN.md, "The raw
     * topic"): their content is in the record's value and {@code ce_*} headers.
     */
    static final java.util.List<String> ENVELOPE = java.util.List.of(RawHeaders.SOURCE, RawHeaders.EVENT_ID,
            RawHeaders.EVENT_TYPE, RawHeaders.RECEIVED_AT, RawHeaders.DELIVERY_ATTEMPT);

    static boolean envelope(String key) {
        // a switch on the name (its hash, then one equals), not ENVELOPE.contains: the list's indexOf,
        // five equals calls per raw header, was 1 % of the processor's samples; a test keeps the two in step
        return switch (key) {
            case RawHeaders.SOURCE, RawHeaders.EVENT_ID, RawHeaders.EVENT_TYPE, RawHeaders.RECEIVED_AT,
                 RawHeaders.DELIVERY_ATTEMPT -> true;
            default -> false;
        };
    }

    static boolean replaced(String key) {
        return switch (key) {
            case SPECVERSION, ID, SOURCE, TYPE, TIME, SUBJECT, CONTENT_TYPE -> true;
            default -> false;
        };
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code time.toString()} (ISO-8601 in UTC with a 'Z', a valid RFC 3339 date-time: seconds always,
     * the fraction in groups of three digits when not zero), without a formatter per record for
     * years 1970 to 9999; other instants through {@link Instant#toString}.
     */
    static String rfc3339(Instant time) {
        long epochSecond = time.getEpochSecond();
        if (epochSecond < 0 || epochSecond > MAX_FAST_SECOND) {
            return time.toString();
        }
        long day = Math.floorDiv(epochSecond, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        int nano = time.getNano();
        char[] c = new char[30];
        int i = 0;
        i = digits(c, i, date.getYear(), 4);
        c[i++] = '-';
        i = digits(c, i, date.getMonthValue(), 2);
        c[i++] = '-';
        i = digits(c, i, date.getDayOfMonth(), 2);
        c[i++] = 'T';
        i = digits(c, i, secondOfDay / 3600, 2);
        c[i++] = ':';
        i = digits(c, i, secondOfDay / 60 % 60, 2);
        c[i++] = ':';
        i = digits(c, i, secondOfDay % 60, 2);
        if (nano != 0) {
            c[i++] = '.';
            if (nano % 1_000_000 == 0) {
                i = digits(c, i, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                i = digits(c, i, nano / 1000, 6);
            } else {
                i = digits(c, i, nano, 9);
            }
        }
        c[i++] = 'Z';
        return new String(c, 0, i);
    }

    /** 9999-12-31T23:59:59Z: four-digit years, as Instant.toString prints them without a sign. */
    private static final long MAX_FAST_SECOND = 253_402_300_799L;

    private static int digits(char[] c, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            c[k] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
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
            add(headers, TIME, rfc3339(time));
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
