package io.sluice.app;

import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on a real broker: signed deliveries through the HTTP ingress, exactly-once
 * dedupe and normalization in the processor, Avro envelopes read back from the routed topics.
 */
class PipelineIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    static Path stateDir;

    private static RunningPipeline pipeline;
    private static SluiceConfig config;

    @BeforeAll
    static void start() {
        pipeline = RunningPipeline.start(KAFKA, stateDir, """
                topics: {partitions: 3}
                routes:
                  - {topic: hyperspell.index, sources: [hyperspell], types: ["index-*"]}
                  - {topic: aihummer.inbound, sources: [inbound], types: ["inbound.*"]}
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: [hs-secret]}
                  - {name: inbound, scheme: aihummer-inbound, path: /v1/inbound/generic, secrets: [in-secret]}
                """);
        config = pipeline.config;
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void eachDistinctEventArrivesExactlyOnceHoweverOftenItIsDelivered() throws Exception {
        SourceConfig hyperspell = config.source("hyperspell").orElseThrow();
        int n = 40;
        Random random = new Random(42);
        Map<String, byte[]> bodies = new HashMap<>();
        int deliveries = 0;
        for (int i = 0; i < n; i++) {
            String body = "{\"event\":\"index-completed\",\"app\":\"demo\",\"user_id\":\"u" + i
                    + "\",\"source\":\"notion\",\"resource_id\":\"doc-" + i + "\",\"timestamp\":"
                    + Instant.now().getEpochSecond() + "}";
            int copies = 1 + random.nextInt(3);
            String id = null;
            for (int c = 0; c < copies; c++) {
                HttpResponse<String> r = post("/webhooks/hyperspell", SignedDelivery.of(hyperspell).body(body).build());
                assertThat(r.statusCode()).as("delivery %d copy %d: %s", i, c, r.body()).isEqualTo(200);
                id = extractId(r.body());
                deliveries++;
            }
            bodies.put("hyperspell:" + id, body.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(deliveries).isGreaterThan(n);

        // positive barrier: the processor committed the whole raw topic, so every output is committed too
        KAFKA.awaitCaughtUp(config.processor().applicationId(), Duration.ofSeconds(90), config.topics().raw());
        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.readToEnd("hyperspell.index");
        assertThat(out).hasSize(n);
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            keys.add(key);
            WebhookEvent e = SingleObjectCodec.decode(r.value());
            assertThat(e.getSource().toString()).isEqualTo("hyperspell");
            assertThat(e.getType().toString()).isEqualTo("index-completed");
            assertThat("hyperspell:" + e.getId()).isEqualTo(key);
            byte[] data = new byte[e.getData().remaining()];
            e.getData().duplicate().get(data);
            assertThat(data).isEqualTo(bodies.get(key));
            assertThat(e.getSubject().toString()).startsWith("doc-");
            assertThat(e.getTime()).isNotNull();
            assertThat(e.getAttributes().toString()).contains("notion");
        }
        assertThat(keys).isEqualTo(bodies.keySet());
        assertThat(KAFKA.readToEnd(config.topics().defaultTopic()))
                .as("nothing falls through to the default topic").isEmpty();
    }

    @Test
    void inboundMessageOnItsExtraPathReachesItsRouteWithSubject() throws Exception {
        SourceConfig inbound = config.source("inbound").orElseThrow();
        String body = "{\"channel\":\"email\",\"external_id\":\"ticket-4821\",\"text\":\"Has order #4821 shipped?\"}";
        HttpResponse<String> r = post("/v1/inbound/generic", SignedDelivery.of(inbound).body(body).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.consume("aihummer.inbound", 1, Duration.ofSeconds(60));
        assertThat(out).hasSize(1);
        WebhookEvent e = SingleObjectCodec.decode(out.get(0).value());
        assertThat(e.getType().toString()).isEqualTo("inbound.email");
        assertThat(e.getSubject().toString()).isEqualTo("ticket-4821");
    }

    @Test
    void wronglySignedDeliveryIsRefusedAndNeverReachesKafka() throws Exception {
        SourceConfig inbound = config.source("inbound").orElseThrow();
        String body = "{\"channel\":\"sms\",\"external_id\":\"forged\",\"text\":\"x\"}";
        HttpResponse<String> r = post("/webhooks/inbound", SignedDelivery.of(inbound).secret("not-the-secret").body(body).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("invalid_signature").doesNotContain("in-secret");
        // positive barrier: a valid delivery sent after the forged one is acknowledged, so it is on the raw topic
        String marker = "{\"channel\":\"sms\",\"external_id\":\"marker-after-forged\",\"text\":\"x\"}";
        assertThat(post("/webhooks/inbound", SignedDelivery.of(inbound).body(marker).build()).statusCode()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> raw = KAFKA.readToEnd(config.topics().raw());
        assertThat(raw).anyMatch(rec -> new String(rec.value(), StandardCharsets.UTF_8).contains("marker-after-forged"));
        assertThat(raw).noneMatch(rec -> new String(rec.value(), StandardCharsets.UTF_8)
                .contains("\"external_id\":\"forged\""));
    }

    private static HttpResponse<String> post(String path, SignedDelivery d) throws Exception {
        return pipeline.post(path, d);
    }

    private static String extractId(String json) {
        int i = json.indexOf("\"id\":\"");
        return json.substring(i + 6, json.indexOf('"', i + 6));
    }
}
