package io.sluice.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RejectionRecorderTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    static RejectionRecorder.Rejection rejection(String source) {
        return new RejectionRecorder.Rejection(1_764_000_000_000L, source, 401, "invalid_signature",
                List.of("content-type", "x-hub-signature-256"), 120L, "10.0.0.7");
    }

    double dropped(String cause) {
        return registry.get("sluice.ingress.rejections.dropped").tag("cause", cause).counter().count();
    }

    @Test
    void rejectionIsWrittenWithNamesButNoValues() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (RejectionRecorder r = new RejectionRecorder(producer, "sluice.rejections", 10, registry)) {
            r.record(rejection("github"));
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        }
        var rec = producer.history().get(0);
        assertThat(rec.topic()).isEqualTo("sluice.rejections");
        assertThat(new String(rec.key())).isEqualTo("github");
        JsonNode n = new ObjectMapper().readTree(rec.value());
        assertThat(n.path("status").asInt()).isEqualTo(401);
        assertThat(n.path("reason").asText()).isEqualTo("invalid_signature");
        assertThat(n.path("header_names").toString()).isEqualTo("[\"content-type\",\"x-hub-signature-256\"]");
        assertThat(n.path("body_bytes").asLong()).isEqualTo(120);
        assertThat(n.path("remote").asText()).isEqualTo("10.0.0.7");
        assertThat(n.path("time").asLong()).isEqualTo(1_764_000_000_000L);
    }

    @Test
    void fullQueueDropsAndCountsWithoutBlocking() {
        // a producer that never completes: the drainer sends, the queue behind it fills up
        MockProducer<byte[], byte[]> stuck = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (RejectionRecorder r = new RejectionRecorder(stuck, "sluice.rejections", 5, registry)) {
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                r.record(rejection("github"));
            }
            long micros = (System.nanoTime() - start) / 1000;
            assertThat(dropped("queue_full")).isGreaterThanOrEqualTo(1000 - 5 - stuck.history().size() - 1);
            assertThat(dropped("queue_full")).isPositive();
            assertThat(micros).as("1000 records offered").isLessThan(2_000_000);
        }
    }

    @Test
    void failedWriteIsCountedAsDropped() {
        MockProducer<byte[], byte[]> failing = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (RejectionRecorder r = new RejectionRecorder(failing, "sluice.rejections", 10, registry)) {
            r.record(rejection("github"));
            await().atMost(Duration.ofSeconds(10)).until(() -> failing.history().size() == 1);
            failing.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped("kafka") == 1.0);
        }
    }

    @Test
    void everyRejectionIsWrittenOrCountedAsDroppedWhileKafkaHangs() throws Exception {
        // Kafka away: send() blocks (as max.block.ms does) until released; the queue behind it fills
        CountDownLatch kafkaBack = new CountDownLatch(1);
        MockProducer<byte[], byte[]> hanging = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                try {
                    kafkaBack.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.send(record, callback);
            }
        };
        int capacity = 5;
        int offered = 200;
        RejectionRecorder r = new RejectionRecorder(hanging, "sluice.rejections", capacity, registry);
        try {
            r.record(rejection("github"));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.queued() == 0); // taken: the drainer hangs in send()
            for (int i = 1; i < offered; i++) {
                r.record(rejection("github"));
            }
            assertThat(r.queued()).isEqualTo(capacity);
            assertThat(dropped("queue_full")).isEqualTo(offered - 1 - capacity);
            kafkaBack.countDown();
        } finally {
            r.close(Duration.ofSeconds(10));
        }
        assertThat(hanging.history()).hasSize(1 + capacity);
        assertThat(registry.get("sluice.ingress.rejections.recorded").counter().count()).isEqualTo(1 + capacity);
    }

    @Test
    void headerNamesAreLowerCasedDeduplicatedSortedAndBounded() {
        List<String> raw = new ArrayList<>(List.of("X-Hub-Signature-256", "Content-Type", "content-type", "ACCEPT"));
        assertThat(RejectionRecorder.names(raw)).containsExactly("accept", "content-type", "x-hub-signature-256");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add("X-Custom-" + i);
        }
        assertThat(RejectionRecorder.names(many)).hasSize(RejectionRecorder.MAX_HEADER_NAMES);
        assertThat(RejectionRecorder.names(List.of("X".repeat(5000))).get(0)).hasSize(100);
    }

    @Test
    void unknownBodySizeAndRemoteAreWrittenAsNull() throws Exception {
        var r = new RejectionRecorder.Rejection(1L, "github", 413, "body_too_large", List.of("Content-Type"), null, null);
        JsonNode n = new ObjectMapper().readTree(RejectionRecorder.encode(r));
        assertThat(n.get("body_bytes").isNull()).isTrue();
        assertThat(n.get("remote").isNull()).isTrue();
        assertThat(n.path("header_names").toString()).isEqualTo("[\"content-type\"]");
    }
}
