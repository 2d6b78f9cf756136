package io.sluice.admin.replay;

import io.sluice.config.SluiceConfig;
import io.sluice.topics.KafkaClients;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/** The Kafka clients of replay, derived from the config (security settings from {@code kafka.properties}). */
final class ReplayClients {
    /**
     * Short, like Kafka Streams' exactly-once default: a job killed mid-transaction holds back
     * read_committed consumers of its output partitions until the broker aborts it.
     */
    static final int TRANSACTION_TIMEOUT_MS = 10_000;

    private final SluiceConfig config;
    private final int batchSize;

    ReplayClients(SluiceConfig config, int batchSize) {
        this.config = config;
        this.batchSize = batchSize;
    }

    /** {@code <processor.application-id>-replay-<job>}: a restarted job's producer fences its zombie. */
    String transactionalId(String job) {
        return config.processor().applicationId() + "-replay-" + job;
    }

    String jobsTopic() {
        return config.processor().applicationId() + "-replay-jobs";
    }

    Map<String, Object> common() {
        return KafkaClients.common(config);
    }

    KafkaProducer<byte[], byte[]> transactionalProducer(String job) {
        Map<String, Object> p = KafkaClients.common(config);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(job));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId(job));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.min(Integer.MAX_VALUE,
                TopicProvisioner.maxRecordBytes(config)));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Cancel requests: plain idempotent writes to the jobs topic. */
    KafkaProducer<byte[], byte[]> plainProducer() {
        Map<String, Object> p = KafkaClients.common(config);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.processor().applicationId() + "-replay-control");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** No group: positions live in the jobs topic, written in the job's transactions. */
    KafkaConsumer<byte[], byte[]> consumer(String clientId) {
        Map<String, Object> p = KafkaClients.common(config);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.processor().applicationId() + "-replay-" + clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // records deleted by retention since the job started are gone: carry on from the earliest left
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        int maxRecord = (int) Math.min(Integer.MAX_VALUE, TopicProvisioner.maxRecordBytes(config));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Math.max(maxRecord, ConsumerConfig.DEFAULT_MAX_PARTITION_FETCH_BYTES));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
