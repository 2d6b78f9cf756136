package io.sluice.examples.consumer;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.EventOutputs;
import io.sluice.processor.Normalization;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Real Sluice output records for the examples' tests, built by the processor's own output builder
 * ({@link EventOutputs}): a Hyperspell event routed to an Avro topic and a JSON topic.
 */
public final class SluiceRecords {
    public static final String AVRO_TOPIC = "hyperspell.index";
    public static final String JSON_TOPIC = "hyperspell.index.json";
    private static final SluiceConfig CONFIG = new ConfigLoader(Map.of()).parse("""
            routes:
              - {topic: %s, sources: [hyperspell]}
              - {topic: %s, sources: [hyperspell], format: json}
            sources:
              - {name: hyperspell, scheme: hyperspell, secrets: ["unused"]}
            """.formatted(AVRO_TOPIC, JSON_TOPIC));
    private static final EventOutputs OUTPUTS = new EventOutputs(CONFIG);

    private SluiceRecords() {
    }

    /** The records the processor writes for one Hyperspell event: one per route (Avro and JSON). */
    public static List<ProducerRecord<byte[], byte[]>> hyperspell(String id, String app) {
        String body = """
                {"event":"index-completed","app":"%s","user_id":"u-1","source":"notion","resource_id":"page-%s","timestamp":1795428000}"""
                .formatted(app, id);
        RecordHeaders raw = new RecordHeaders();
        raw.add("sluice.source", utf8("hyperspell"));
        raw.add("sluice.event-id", utf8(id));
        raw.add("sluice.event-type", utf8("index-completed"));
        raw.add("sluice.received-at", utf8(String.valueOf(Instant.parse("2026-11-23T10:00:01Z").toEpochMilli())));
        raw.add("content-type", utf8("application/json"));
        byte[] key = utf8("hyperspell:" + id);
        var event = (Normalization.Normalized) OUTPUTS.normalize(key, utf8(body), raw);
        return OUTPUTS.routed(key, event, raw).stream()
                .map(o -> new ProducerRecord<>(o.topic(), null, o.key(), o.value(), o.headers()))
                .toList();
    }

    /** Writes records and waits for the broker's acknowledgement. */
    public static void write(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records)
            throws ExecutionException, InterruptedException {
        for (ProducerRecord<byte[], byte[]> r : records) {
            producer.send(r).get();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
