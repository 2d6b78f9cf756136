package io.sluice.processor;

import io.sluice.testkit.Probes;
import io.sluice.config.SluiceConfig;
import io.sluice.kafka.EmbeddedKafka;
import io.sluice.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor started while Kafka is away: its health port answers at once (live 200, ready 503)
 * instead of refusing connections until a topic check gives up (it used to block in
 * {@code Processor.start} for up to 60 s and then fail), and it becomes ready by itself once a broker
 * appears at the configured address.
 */
class ProcessorWithoutKafkaIT {
    private Processor processor;
    private EmbeddedKafka broker;

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void healthPortAnswersAtOnceAndGetsReadyWhenKafkaArrives(@TempDir Path dir) {
        int kafkaPort = Ports.free(); // nothing listens there yet
        SluiceConfig config = TestConfigs.config("127.0.0.1:" + kafkaPort, "away-" + UUID.randomUUID(),
                dir.resolve("state"));

        long started = System.nanoTime();
        processor = Processor.start(config);
        double returnedAfter = (System.nanoTime() - started) / 1e9;
        int port = processor.port();
        assertThat(returnedAfter).as("seconds Processor.start took with Kafka away (one topic attempt waits 10 s)")
                .isLessThan(8);
        assertThat(Probes.status(port, "/health/live")).isEqualTo(200);
        assertThat(Probes.status(port, "/health/ready")).isEqualTo(503);

        broker = EmbeddedKafka.persistent(dir.resolve("kafka"), kafkaPort).start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> Probes.status(port, "/health/ready") == 200);
        assertThat(processor.ready()).isTrue();
        assertThat(Probes.status(port, "/health/live")).isEqualTo(200);
    }
}
