package io.sluice.admin;

import io.sluice.testkit.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.Processor;
import io.sluice.processor.RawHeaders;
import io.sluice.testkit.KafkaBroker;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two processor instances (one Streams application, four raw partitions), each with its admin API:
 * a lookup on either answers for events of every partition (each instance holds the index of its
 * own partitions and asks the other for the rest), with the committed outputs' offsets.
 */
class EventLookupIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path stateA;
    @TempDir
    static Path stateB;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String YAML = """
            topics: {partitions: 4}
            routes:
              - {topic: gh.push, sources: [github], types: ["push"]}
            sources:
              - {name: github, scheme: github, secrets: ["gh-secret"]}
            """;
    static final int EVENTS = 24;
    static Processor processorB;
    static AdminApi adminB;
    static AdminFixture a;
    static final List<RecordMetadata> written = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // fixed admin ports: each instance advertises its admin API for lookups it does not hold
        a = AdminFixture.start(AdminFixture.config(KAFKA, stateA, YAML, AdminFixture.freePort()), null);
        SluiceConfig configB = AdminFixture.config(KAFKA, stateB, YAML, AdminFixture.freePort());
        processorB = Processor.start(configB);
        processorB.awaitRunning(Duration.ofSeconds(120));
        adminB = AdminApi.startIfEnabled(configB, processorB, null);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < EVENTS; i++) {
                written.add(send(p, "e-" + i, i % 2 == 0 ? "push" : "issues", 1));
            }
            written.add(send(p, "e-0", "push", 2)); // a redelivery of e-0
            p.flush();
        }
        // both instances RUNNING again after the second one joined
        a.processor.awaitRunning(Duration.ofSeconds(120));
        processorB.awaitRunning(Duration.ofSeconds(120));
    }

    static RecordMetadata send(KafkaProducer<byte[], byte[]> p, String id, String type, int attempt) throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.SOURCE, b("github"));
        h.add(RawHeaders.EVENT_ID, b(id));
        h.add(RawHeaders.EVENT_TYPE, b(type));
        h.add(RawHeaders.RECEIVED_AT, b(String.valueOf(System.currentTimeMillis())));
        h.add(RawHeaders.DELIVERY_ATTEMPT, b(String.valueOf(attempt)));
        h.add(RawHeaders.CONTENT_TYPE, b("application/json"));
        return p.send(new ProducerRecord<>(a.config.topics().raw(), null, b("github:" + id), b("{\"n\":1}"), h)).get();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (adminB != null) {
            adminB.close();
        }
        if (processorB != null) {
            processorB.close();
        }
        if (a != null) {
            a.close();
        }
    }

    static JsonNode get(int port, String path) throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", path, AdminFixture.READ_TOKEN, null);
        return r.status() == 200 ? JSON.readTree(r.body()) : null;
    }

    @Test
    void eitherInstanceAnswersForEveryPartition() {
        Set<Integer> partitions = new HashSet<>();
        written.forEach(m -> partitions.add(m.partition()));
        assertThat(partitions).as("events spread over several raw partitions").hasSizeGreaterThan(1);
        for (int port : List.of(a.port(), adminB.port())) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    JsonNode t = get(port, "/admin/events/github/e-" + i);
                    assertThat(t).as("e-%d on port %d", i, port).isNotNull();
                    assertThat(t.path("status").asText()).isEqualTo("delivered");
                    assertThat(t.path("outputs")).hasSize(1);
                }
            });
        }
    }

    @Test
    void timelineHasRawOffsetsDuplicateAndTheCommittedOutput() throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode t = get(adminB.port(), "/admin/events/github/e-0");
            assertThat(t).isNotNull();
            assertThat(t.path("deliveries")).hasSize(2);
        });
        JsonNode t = get(adminB.port(), "/admin/events/github/e-0");
        RecordMetadata first = written.get(0);
        RecordMetadata again = written.get(EVENTS);
        assertThat(t.path("deliveries").get(0).path("partition").asInt()).isEqualTo(first.partition());
        assertThat(t.path("deliveries").get(0).path("offset").asLong()).isEqualTo(first.offset());
        assertThat(t.path("deliveries").get(0).path("outcome").asText()).isEqualTo("accepted");
        assertThat(t.path("deliveries").get(1).path("offset").asLong()).isEqualTo(again.offset());
        assertThat(t.path("deliveries").get(1).path("outcome").asText()).isEqualTo("duplicate");
        assertThat(t.path("deliveries").get(1).path("attempt").asInt()).isEqualTo(2);
        assertThat(t.path("dedupe").path("copies_dropped").asInt()).isEqualTo(1);
        JsonNode out = t.path("outputs").get(0);
        assertThat(out.path("topic").asText()).isEqualTo("gh.push");
        // the output really is at that topic/partition/offset, with that key
        var records = KAFKA.consume("gh.push", EVENTS / 2, Duration.ofSeconds(60));
        assertThat(records).anySatisfy(r -> {
            assertThat(r.partition()).isEqualTo(out.path("partition").asInt());
            assertThat(r.offset()).isEqualTo(out.path("offset").asLong());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("github:e-0");
        });
    }

    @Test
    void unknownEventIs404() throws Exception {
        RawHttp.Reply r = RawHttp.send(a.port(), "GET", "/admin/events/github/never-sent", AdminFixture.READ_TOKEN, null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("unknown_event");
    }

    @Test
    void recentListIsNewestFirstAndBounded() throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode all = get(a.port(), "/admin/events?source=github&limit=1000");
            assertThat(all).isNotNull();
            assertThat(all.path("events")).hasSize(EVENTS);
        });
        JsonNode list = get(a.port(), "/admin/events?type=push&limit=5");
        assertThat(list.path("events")).hasSize(5);
        long previous = Long.MAX_VALUE;
        for (JsonNode e : list.path("events")) {
            assertThat(e.path("type").asText()).isEqualTo("push");
            assertThat(e.path("received_at").asLong()).isLessThanOrEqualTo(previous);
            previous = e.path("received_at").asLong();
        }
    }

    @Test
    void badListParametersAre400() throws Exception {
        for (String q : List.of("limit=0", "limit=100000", "limit=x", "since=yesterday", "until=2026-13-01")) {
            RawHttp.Reply r = RawHttp.send(a.port(), "GET", "/admin/events?" + q, AdminFixture.READ_TOKEN, null);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("invalid_parameter");
        }
    }
}
