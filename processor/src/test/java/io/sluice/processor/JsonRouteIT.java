package io.sluice.processor;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.sluice.config.SluiceConfig;
import io.sluice.schemas.CloudEventJson;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A {@code format: json} route on a real broker: structured CloudEvents, exactly once (read_committed). */
class JsonRouteIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path stateDir;
    static Processor processor;

    @BeforeAll
    static void start() throws Exception {
        SluiceConfig config = JsonRoutesTest.withJsonRoutes(
                TestConfigs.config(KAFKA.bootstrapServers(), "json-it-" + UUID.randomUUID(), stateDir));
        processor = Processor.start(config);
        processor.awaitRunning(Duration.ofSeconds(90));
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            send(producer, config, "hyperspell", "e1", "index-completed", TopologyTest.HYPERSPELL, now);
            send(producer, config, "hyperspell", "e1", "index-completed", TopologyTest.HYPERSPELL, now.plusSeconds(1));
            send(producer, config, "hyperspell", "e2", "index-started", TopologyTest.HYPERSPELL, now.plusSeconds(2));
            producer.flush();
        }
    }

    static void send(KafkaProducer<byte[], byte[]> p, SluiceConfig config, String source, String id, String type,
                     String body, Instant at) throws Exception {
        p.send(new ProducerRecord<>(config.topics().raw(), null, at.toEpochMilli(), TopologyTest.bytes(source + ":" + id),
                TopologyTest.bytes(body), TopologyTest.headers(source, id, type))).get();
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    @Test
    void jsonRouteGetsEachEventOnceAsAStructuredCloudEvent() throws Exception {
        // positive barrier: the processor has seen (and dropped) the duplicate
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + processor.port() + "/metrics")).build();
        await().atMost(Duration.ofSeconds(90)).until(() -> http.send(metrics, HttpResponse.BodyHandlers.ofString()).body()
                .contains("sluice_processor_duplicates_dropped_total{source=\"hyperspell\"} 1.0"));

        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.consume(JsonRoutesTest.JSON_TOPIC, 2, Duration.ofSeconds(60));
        assertThat(out).hasSize(2);
        try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            sdk.configure(Map.of(), false);
            List<CloudEvent> events = out.stream().map(r -> sdk.deserialize(r.topic(), r.headers(), r.value())).toList();
            assertThat(events).extracting(CloudEvent::getId).containsExactlyInAnyOrder("e1", "e2");
            assertThat(events).extracting(e -> e.getExtension("app")).containsOnly("acme");
        }
        assertThat(out).allSatisfy(r -> assertThat(RawHeaders.text(r.headers(), "content-type"))
                .isEqualTo(CloudEventJson.CONTENT_TYPE));
    }
}
