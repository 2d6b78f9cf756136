package io.sluice.bench.harness;

import io.sluice.config.SluiceConfig;
import io.sluice.processor.ProcessorMetrics;
import io.sluice.processor.StreamsProperties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
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
 * ({@link StreamsProperties#of}: exactly_once_v2, commit interval, threads, producer limits), so that
 * the ratio real / pass-through isolates what dedupe, normalization and routing cost.
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

    /** Exactly the processor's Streams settings (EOS v2, commit interval, threads, producer limits, handlers). */
    static Properties properties(SluiceConfig config) {
        return StreamsProperties.of(config, ProcessorMetrics.inMemory());
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
