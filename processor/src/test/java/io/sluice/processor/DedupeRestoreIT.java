package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.schemas.WebhookEvent;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pod that lost its volume: the processor's state directory is deleted between two runs with the
 * same application id. The dedupe store must come back from its changelog, so redeliveries of events
 * the first run already processed are still dropped.
 */
class DedupeRestoreIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    Path tmp;

    private Processor processor;

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    @Test
    void redeliveriesAfterTheStateDirectoryWasDeletedAreStillDropped() throws Exception {
        Path stateDir = tmp.resolve("streams");
        SluiceConfig config = TestConfigs.config(KAFKA.bootstrapServers(), "restore-" + UUID.randomUUID(), stateDir);
        List<String> firstIds = IntStream.range(0, 10).mapToObj(i -> "e" + i).toList();
        Instant t0 = Instant.now();

        processor = Processor.start(config);
        processor.awaitRunning(Duration.ofSeconds(90));
        produce(config, firstIds, t0);
        assertThat(KAFKA.consume("hyperspell.index", firstIds.size(), Duration.ofSeconds(60))).hasSize(firstIds.size());
        processor.close();

        deleteRecursively(stateDir);
        assertThat(stateDir).doesNotExist();

        processor = Processor.start(config);
        processor.awaitRunning(Duration.ofSeconds(90));
        // every earlier event redelivered (a later produce time, inside the window), plus one new event
        produce(config, firstIds, t0.plusSeconds(30));
        produce(config, List.of("new"), t0.plusSeconds(30));

        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.consume("hyperspell.index", firstIds.size() + 1,
                Duration.ofSeconds(60));
        List<String> keys = out.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        assertThat(keys).as("exactly one output record per key").doesNotHaveDuplicates()
                .hasSize(firstIds.size() + 1).contains("hyperspell:new");
        assertThat(out).extracting(r -> TopologyTest.decode(r.value())).extracting(WebhookEvent::getId)
                .containsAll(firstIds);
        assertThat(processor.registry().find(ProcessorMetrics.DUPLICATES).tag("source", "hyperspell").counter())
                .isNotNull().satisfies(c -> assertThat(c.count()).isEqualTo(firstIds.size()));
    }

    private static void produce(SluiceConfig config, List<String> ids, Instant at) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (String id : ids) {
                producer.send(new ProducerRecord<>(config.topics().raw(), null, at.toEpochMilli(),
                        TopologyTest.bytes("hyperspell:" + id), TopologyTest.bytes(TopologyTest.HYPERSPELL),
                        TopologyTest.headers("hyperspell", id, "index-completed"))).get();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
