package io.sluice.bench.harness;

import io.sluice.config.SluiceConfig;
import io.sluice.topics.KafkaClients;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The processor's baseline: a Kafka Streams application that reads the raw topic and writes every
 * record unchanged to {@code topics.default}, with the same exactly-once settings as the processor
 * (see {@link #properties}), so that the ratio real/pass-through isolates what dedupe, normalization
 * and routing cost.
 */
final class PassThrough implements AutoCloseable {
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);

    private PassThrough(SluiceConfig config) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(config.topics().raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(config.topics().defaultTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Topology topology = b.build();
        streams = new KafkaStreams(topology, properties(config));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    static PassThrough start(SluiceConfig config) {
        PassThrough p = new PassThrough(config);
        p.streams.start();
        return p;
    }

    void awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("pass-through did not reach RUNNING within " + timeout);
        }
    }

    /** The Streams settings of the processor that matter for throughput: EOS v2, commit interval, threads. */
    static Properties properties(SluiceConfig config) {
        Properties p = new Properties();
        p.putAll(KafkaClients.common(config));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.processor().applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.processor().commitInterval().toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.processor().threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.processor().stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                (int) Math.min(Integer.MAX_VALUE, TopicProvisioner.maxRecordBytes(config)));
        return p;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
