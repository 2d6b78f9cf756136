package io.sluice.bench.harness;

import io.sluice.config.SluiceConfig;
import io.sluice.processor.ProcessorMetrics;
import io.sluice.processor.StreamsProperties;
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
 * record unchanged to {@code topics.default}, with exactly the processor's Streams settings
 * ({@link StreamsProperties#of}: commit interval, threads, producer limits) and a chosen processing
 * guarantee: exactly_once_v2 (the processor's own, so real / pass-through isolates what dedupe,
 * normalization and routing cost) or at_least_once (what a plain Streams application pays, so the
 * ratio also shows what the transactions cost).
 */
final class PassThrough implements AutoCloseable {
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);

    private PassThrough(SluiceConfig config, String guarantee) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(config.topics().raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(config.topics().defaultTopic(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Topology topology = b.build();
        streams = new KafkaStreams(topology, properties(config, guarantee));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    /**
     * Starts the pass-through.
     *
     * @param guarantee {@link StreamsConfig#EXACTLY_ONCE_V2} or {@link StreamsConfig#AT_LEAST_ONCE}
     */
    static PassThrough start(SluiceConfig config, String guarantee) {
        PassThrough p = new PassThrough(config, guarantee);
        p.streams.start();
        return p;
    }

    void awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("pass-through did not reach RUNNING within " + timeout);
        }
    }

    /**
     * Exactly the processor's Streams settings (commit interval, threads, producer limits, handlers) but
     * the processing guarantee. The commit interval is set explicitly there, so at_least_once does not
     * fall back to its own 30 s default: both pass-throughs commit as often as the processor.
     */
    static Properties properties(SluiceConfig config, String guarantee) {
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
            throw new IllegalArgumentException("unknown processing guarantee " + guarantee);
        }
        Properties p = StreamsProperties.of(config, ProcessorMetrics.inMemory());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return p;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
