package io.sluice.ingress;

import io.sluice.config.SluiceConfig;
import io.sluice.topics.KafkaClients;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/** The raw-topic producer's properties, derived from the config (see docs/ingress.md). */
final class ProducerSettings {
    static final long LINGER_MS = 5;
    private static final long MIN_TIMEOUT_MS = 1_000;

    private ProducerSettings() {
    }

    static Map<String, Object> of(SluiceConfig config) {
        Map<String, Object> p = KafkaClients.common(config);
        long maxRecord = TopicProvisioner.maxRecordBytes(config);
        long timeout = Math.max(MIN_TIMEOUT_MS, config.ingress().kafkaTimeout().toMillis());
        // Tunables the user may override through kafka.properties.
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sluice-ingress");
        // Batching: every request waits for its batch's acknowledgement, so linger.ms is latency paid
        // by each delivery when its batch does not fill first. 5 ms (Kafka 4's default) keeps produce
        // requests few at high rates (the broker usually shares the machine's cores, and each request
        // costs it more than a record); the benchmark's pass-through (bench Relay) uses the same value.
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // 16 KiB (Kafka's default), stated because RawWriter sizes its non-blocking budget from it: a
        // full batch is sent at once, so a larger one would make 1 KiB deliveries wait for linger.ms.
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, RawWriter.DEFAULT_BATCH_BYTES);
        // No compression: it costs ingress CPU per record (a target of the benchmarks) and a broker on
        // the same network gains little; set compression.type (lz4, zstd) when the link is the limit.
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, 2 * maxRecord));
        // Invariants of the contract: durable (acks=all), no duplicates from producer retries,
        // every accepted body fits, and the producer gives up about when the HTTP answer does.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxRecord));
        long linger = Long.parseLong(String.valueOf(p.get(ProducerConfig.LINGER_MS_CONFIG)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, linger + MIN_TIMEOUT_MS));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(MIN_TIMEOUT_MS - 1, timeout - linger));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** {@code buffer.memory} of settings made by {@link #of} (a user's override included). */
    static long bufferBytes(Map<String, Object> settings) {
        return number(settings.get(ProducerConfig.BUFFER_MEMORY_CONFIG), RawWriter.DEFAULT_BUFFER_BYTES);
    }

    /** {@code batch.size} of settings made by {@link #of} (Kafka's default when not set). */
    static int batchBytes(Map<String, Object> settings) {
        return (int) number(settings.get(ProducerConfig.BATCH_SIZE_CONFIG), RawWriter.DEFAULT_BATCH_BYTES);
    }

    private static long number(Object value, long otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return otherwise; // the producer itself refuses it at start-up, with its own message
        }
    }
}
