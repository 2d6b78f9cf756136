package io.sluice.ingress;

import io.sluice.scheme.Verification;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Builds the record of the raw topic (DESIGN.md, "The raw topic"): key {@code <source>:<event id>},
 * value the body exactly as received, and only the {@code sluice.*} headers plus
 * {@code content-type}. No request header is copied wholesale, so secret-bearing headers
 * (Authorization, shared secrets, signatures) can never reach Kafka.
 */
final class RawRecords {
    static final String SOURCE = "sluice.source";
    static final String EVENT_ID = "sluice.event-id";
    static final String EVENT_TYPE = "sluice.event-type";
    static final String RECEIVED_AT = "sluice.received-at";
    static final String DELIVERY_ATTEMPT = "sluice.delivery-attempt";
    static final String CONTENT_TYPE = "content-type";

    private final String topic;

    RawRecords(String topic) {
        this.topic = topic;
    }

    /**
     * @param contentType the request's Content-Type, or null when it sent none (then no header)
     * @param receivedAtMillis when the request arrived, epoch ms
     */
    ProducerRecord<byte[], byte[]> record(String source, Verification.Verified v, byte[] body, String contentType,
                                          long receivedAtMillis) {
        RecordHeaders h = new RecordHeaders();
        h.add(SOURCE, utf8(source));
        h.add(EVENT_ID, utf8(v.eventId()));
        h.add(EVENT_TYPE, utf8(v.eventType() == null ? "" : v.eventType()));
        h.add(RECEIVED_AT, utf8(Long.toString(receivedAtMillis)));
        if (v.deliveryAttempt() != null) {
            h.add(DELIVERY_ATTEMPT, utf8(v.deliveryAttempt().toString()));
        }
        if (contentType != null) {
            h.add(CONTENT_TYPE, utf8(contentType));
        }
        byte[] key = utf8(source + ":" + v.eventId());
        return new ProducerRecord<>(topic, null, key, body, h);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
