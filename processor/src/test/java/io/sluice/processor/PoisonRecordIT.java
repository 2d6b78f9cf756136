package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.schemas.WebhookEvent;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KafkaStreams;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Poison records written straight to the raw topic (not by the ingress) through the real Streams
 * application: each lands in the dead-letter topic with its reason, the good records before and
 * after it (same partition, so "after" really is behind the poison) reach their route, and the
 * processor keeps RUNNING.
 */
class PoisonRecordIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path stateDir;

    static final byte[] GARBAGE_KEY = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x7F};
    static final int POISON_COUNT = 4;

    static SluiceConfig config;
    static Processor processor;
    static List<ConsumerRecord<byte[], byte[]>> deadLetters;
    static List<ConsumerRecord<byte[], byte[]>> routed;

    @BeforeAll
    static void start() throws Exception {
        config = TestConfigs.config(KAFKA.bootstrapServers(), "poison-" + UUID.randomUUID(), stateDir);
        processor = Processor.start(config);
        processor.awaitRunning(Duration.ofSeconds(90));
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            send(producer, "hyperspell:before", TopologyTest.HYPERSPELL, TopologyTest.headers("hyperspell", "before", "index-completed"), now);
            // no headers at all
            send(producer, "hyperspell:no-headers", TopologyTest.HYPERSPELL, new RecordHeaders(), now);
            // a JSON scheme with a body that is not JSON (and not even UTF-8)
            send(producer, "stripe:evt_bin", new byte[]{0x00, (byte) 0xC3, 0x28, (byte) 0xFF},
                    TopologyTest.headers("stripe", "evt_bin", "charge.succeeded"), now);
            // a key that is not <source>:<event id>: dedupe and partitioning would go by garbage
            send(producer, GARBAGE_KEY, TopologyTest.bytes(TopologyTest.HYPERSPELL),
                    TopologyTest.headers("hyperspell", "garbage", "index-completed"), now);
            // no key
            send(producer, (byte[]) null, TopologyTest.bytes(TopologyTest.HYPERSPELL),
                    TopologyTest.headers("hyperspell", "keyless", "index-completed"), now);
            send(producer, "hyperspell:after", TopologyTest.HYPERSPELL, TopologyTest.headers("hyperspell", "after", "index-completed"), now);
        }
        routed = KAFKA.consume("hyperspell.index", 2, Duration.ofSeconds(60));
        deadLetters = KAFKA.consume(config.topics().deadLetter(), POISON_COUNT, Duration.ofSeconds(30));
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String key, String body, Headers h, Instant at) throws Exception {
        send(p, TopologyTest.bytes(key), TopologyTest.bytes(body), h, at);
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String key, byte[] body, Headers h, Instant at) throws Exception {
        send(p, TopologyTest.bytes(key), body, h, at);
    }

    private static void send(KafkaProducer<byte[], byte[]> p, byte[] key, byte[] body, Headers h, Instant at) throws Exception {
        // one partition for all: the good record "after" is queued behind every poison record
        p.send(new ProducerRecord<>(config.topics().raw(), 0, at.toEpochMilli(), key, body, h)).get();
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    @Test
    void goodRecordsBeforeAndAfterThePoisonReachTheirRoute() {
        assertThat(routed).extracting(r -> TopologyTest.decode(r.value())).extracting(WebhookEvent::getId)
                .containsExactlyInAnyOrder("before", "after");
    }

    @Test
    void recordWithoutHeadersIsDeadLetteredAsMissingHeader() {
        assertThat(reasonOf(TopologyTest.bytes("hyperspell:no-headers"))).isEqualTo("missing_header");
    }

    @Test
    void nonJsonBodyForAJsonSchemeIsDeadLetteredUnchanged() {
        ConsumerRecord<byte[], byte[]> dl = deadLetter(TopologyTest.bytes("stripe:evt_bin"));
        assertThat(RawHeaders.text(dl.headers(), RawHeaders.DLQ_REASON)).isEqualTo("body_not_json");
        assertThat(dl.value()).isEqualTo(new byte[]{0x00, (byte) 0xC3, 0x28, (byte) 0xFF});
        assertThat(RawHeaders.text(dl.headers(), RawHeaders.EVENT_ID)).as("raw headers kept").isEqualTo("evt_bin");
    }

    @Test
    void keyThatIsNotSourceColonEventIdIsDeadLetteredAsInvalidKey() {
        assertThat(reasonOf(GARBAGE_KEY)).isEqualTo("invalid_key");
    }

    @Test
    void recordWithoutKeyIsDeadLetteredAsMissingKey() {
        assertThat(reasonOf(null)).isEqualTo("missing_key");
    }

    @Test
    void nothingElseIsDeadLettered() {
        assertThat(deadLetters).hasSize(POISON_COUNT);
    }

    @Test
    void processorStaysRunningAndReady() throws Exception {
        assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + processor.port() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(processor.registry().get(ProcessorMetrics.DEAD_LETTERED).counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(POISON_COUNT);
    }

    private static String reasonOf(byte[] key) {
        return RawHeaders.text(deadLetter(key).headers(), RawHeaders.DLQ_REASON);
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(byte[] key) {
        List<ConsumerRecord<byte[], byte[]>> matching = deadLetters.stream()
                .filter(r -> Arrays.equals(r.key(), key)).toList();
        assertThat(matching).as("dead letters with this key").hasSize(1);
        assertThat(RawHeaders.text(matching.get(0).headers(), RawHeaders.DLQ_DETAIL)).isNotBlank();
        return matching.get(0);
    }
}
