package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.topics.KafkaClients;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.util.Properties;

/** The Kafka Streams properties of the processor, derived from the config. */
public final class StreamsProperties {
    /** The producer's {@code batch.size} unless {@code kafka.properties} sets one. */
    static final int BATCH_SIZE = 256 * 1024;

    private StreamsProperties() {
    }

    public static Properties of(SluiceConfig config, ProcessorMetrics metrics) {
        Properties p = new Properties();
        p.putAll(KafkaClients.common(config));
        var pc = config.processor();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, pc.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, pc.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, pc.standbyReplicas());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, pc.threads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, pc.commitInterval().toMillis());
        // A crashed instance's partitions move only once its session expires: Kafka's default 45 s
        // would hold events back that long after a crash; 10 s still rides out GC pauses.
        // kafka.properties may set either value.
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        // internal topics (the dedupe changelog) replicated like Sluice's own topics
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topics().replicationFactor());
        // the dedupe changelog keeps exactly the window, no extra day
        p.put(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG, 0L);
        // the envelope carries the whole body: the producer must take what the ingress accepted
        int maxRecord = (int) Math.min(Integer.MAX_VALUE, TopicProvisioner.maxRecordBytes(config));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxRecord);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Math.max(maxRecord, ConsumerConfig.DEFAULT_MAX_PARTITION_FETCH_BYTES));
        // Larger producer batches than Kafka's 16 KiB: every event is an output record of about 2 KiB
        // (the body, its envelope, twelve headers) plus a dedupe changelog record, so 16 KiB batches
        // meant a produce request per ~8 events per partition. With 256 KiB (measured on a pre-filled
        // topic after a warm-up, interleaved): the broker's CPU per event 19-32 -> 8-14 us, the
        // processor's 45-55 -> 36-38 us. Within one commit interval a batch fills or the commit flushes
        // it, so latency does not change. kafka.properties may set batch.size (plain or producer.-prefixed).
        if (!p.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)
                && !p.containsKey(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), BATCH_SIZE);
        }
        // RocksDB's off-heap memory bounded for the whole process (BoundedRocksDbConfig says why);
        // kafka.properties may set its own setter
        p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetter());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        // no global stores today; if one comes, its processing errors are dead-lettered too
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        // Interactive queries: every instance's admin API address, so that an event lookup on any
        // instance can be forwarded to the one holding the event's partition (docs/admin.md).
        applicationServer(config).ifPresent(a -> p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, a));
        return p;
    }

    /**
     * {@code host:port} of this instance's admin API as other instances reach it, when the admin API
     * is on and its port fixed (port 0, tests with one instance: none, lookups are local only). A
     * wildcard bind address is advertised as this host's name.
     */
    static java.util.Optional<String> applicationServer(SluiceConfig config) {
        var admin = config.admin();
        if (!admin.enabled() || admin.port() <= 0) {
            return java.util.Optional.empty();
        }
        String host = admin.host();
        if (host == null || host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host)) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return java.util.Optional.of((host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + ":" + admin.port());
    }
}
