package io.sluice.ingress;

import io.sluice.testkit.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP contract end to end against a real broker: what is answered and what lands in the raw topic. */
class IngressIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static Ingress ingress;
    private static PrometheusMeterRegistry registry;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        KAFKA.createTopics(TestConfigs.RAW);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(TestConfigs.config(KAFKA.bootstrapServers(), "5s", ""), Clock.systemUTC(), registry,
                IngressLimits.defaults().withBodyReadTimeout(Duration.ofSeconds(1)).withHeaderTimeout(Duration.ofSeconds(2)), (s, c) -> new StubVerifier());
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        registry.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ingress.port() + path);
    }

    private static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<byte[], byte[]>> recordsWithKey(String key) {
        return KAFKA.consume(TestConfigs.RAW, Integer.MAX_VALUE, Duration.ofSeconds(3)).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(key)).toList();
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> m = new HashMap<>();
        for (Header h : r.headers()) {
            m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void verifiedDeliveryIsAnswered200AfterTheRecordIsInTheRawTopicWithExactBytesAndHeaders() throws Exception {
        String id = UUID.randomUUID().toString();
        // bytes that re-serialization would change: spacing, key order, escaped unicode, invalid UTF-8
        byte[] body = "{ \"b\":1,  \"a\":\"\\u00e9\" }\n\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        long before = System.currentTimeMillis();
        HttpResponse<String> res = post("/webhooks/github", body, "X-Test-Signature", "ok", "X-Test-Id", id,
                "X-Test-Type", "push", "X-Test-Attempt", "3", "Content-Type", "application/json",
                "Authorization", "Bearer top-secret");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"status\":\"accepted\",\"id\":\"" + id + "\"}");
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
        List<ConsumerRecord<byte[], byte[]>> records = recordsWithKey("github:" + id);
        assertThat(records).hasSize(1);
        ConsumerRecord<byte[], byte[]> r = records.get(0);
        assertThat(r.value()).isEqualTo(body);
        Map<String, String> h = headers(r);
        assertThat(h).containsEntry("sluice.source", "github").containsEntry("sluice.event-id", id)
                .containsEntry("sluice.event-type", "push").containsEntry("sluice.delivery-attempt", "3")
                .containsEntry("content-type", "application/json");
        assertThat(Long.parseLong(h.get("sluice.received-at"))).isBetween(before - 1000, System.currentTimeMillis());
        assertThat(h.keySet()).containsOnly("sluice.source", "sluice.event-id", "sluice.event-type",
                "sluice.received-at", "sluice.delivery-attempt", "content-type");
        assertThat(Arrays.stream(r.headers().toArray()).map(x -> new String(x.value(), StandardCharsets.UTF_8)))
                .noneMatch(v -> v.contains("top-secret"));
    }

    @Test
    void deliveryWithoutAttemptOrContentTypeHasNoSuchHeaders() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> res = post("/webhooks/github", "x".getBytes(StandardCharsets.UTF_8),
                "X-Test-Signature", "ok", "X-Test-Id", id);
        assertThat(res.statusCode()).isEqualTo(200);
        Map<String, String> h = headers(recordsWithKey("github:" + id).get(0));
        assertThat(h).doesNotContainKey("sluice.delivery-attempt").doesNotContainKey("content-type");
    }

    @Test
    void redeliveredEventIsAnswered200Again() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/github", body, "X-Test-Signature", "ok", "X-Test-Id", id).statusCode()).isEqualTo(200);
        assertThat(post("/webhooks/github", body, "X-Test-Signature", "ok", "X-Test-Id", id).statusCode()).isEqualTo(200);
        // both are written; the processor drops the copy
        assertThat(recordsWithKey("github:" + id)).hasSize(2);
    }

    @Test
    void sourcePathReachesTheSameSource() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> res = post("/v1/inbound/generic", "{}".getBytes(StandardCharsets.UTF_8),
                "X-Test-Signature", "ok", "X-Test-Id", id);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(recordsWithKey("inbound:" + id)).hasSize(1);
    }

    @Test
    void unknownSourceIs404() throws Exception {
        HttpResponse<String> res = post("/webhooks/nope", "{}".getBytes(StandardCharsets.UTF_8), "X-Test-Signature", "ok");
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.body()).isEqualTo("{\"error\":\"unknown_source\"}");
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> res = get("/admin");
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.body()).isEqualTo("{\"error\":\"not_found\"}");
    }

    @Test
    void invalidSignatureIs401WithoutDetailAndNothingIsWritten() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> res = post("/webhooks/github", "{}".getBytes(StandardCharsets.UTF_8),
                "X-Test-Signature", "wrong", "X-Test-Id", id);
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).isEqualTo("{\"error\":\"invalid_signature\"}");
        assertThat(recordsWithKey("github:" + id)).isEmpty();
    }

    @Test
    void missingSignatureIs400WithDetail() throws Exception {
        HttpResponse<String> res = post("/webhooks/github", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).isEqualTo("{\"error\":\"missing_signature\",\"detail\":\"X-Test-Signature is missing\"}");
    }

    @Test
    void verifierThatThrowsOnGarbledInputGives400NotA5xx() throws Exception {
        HttpResponse<String> res = post("/webhooks/github", "{}".getBytes(StandardCharsets.UTF_8), "X-Test-Signature", "boom");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).startsWith("{\"error\":\"bad_request\"").doesNotContain("boom").doesNotContain("Exception");
    }

    @Test
    void bodyOverTheLimitWithContentLengthIs413() throws Exception {
        HttpResponse<String> res = post("/webhooks/github", new byte[4097], "X-Test-Signature", "ok");
        assertThat(res.statusCode()).isEqualTo(413);
        assertThat(res.body()).isEqualTo("{\"error\":\"payload_too_large\"}");
    }

    @Test
    void bodyAtTheLimitIsAccepted() throws Exception {
        HttpResponse<String> res = post("/webhooks/github", new byte[4096], "X-Test-Signature", "ok",
                "X-Test-Id", UUID.randomUUID().toString());
        assertThat(res.statusCode()).isEqualTo(200);
    }

    @Test
    void perSourceLimitAppliesToItsSource() throws Exception {
        HttpResponse<String> res = post("/webhooks/inbound", new byte[50_000], "X-Test-Signature", "ok",
                "X-Test-Id", UUID.randomUUID().toString());
        assertThat(res.statusCode()).isEqualTo(200);
    }

    @Test
    void contentLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Test-Signature: ok\r\nContent-Length: 99999999\r\n\r\n");
            String answer = c.readUntilClose();
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .contains("payload_too_large");
        }
    }

    @Test
    void expectContinueOverTheLimitGets413InsteadOf100() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
            assertThat(c.readUntilClose()).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void chunkedBodyIsCutOffAtTheLimitWith413AndConnectionClose() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Test-Signature: ok\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "1000\r\n" + "a".repeat(4096) + "\r\n";
            c.write(chunk).write(chunk).writeQuietly("1000\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = c.readUntilClose();
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .contains("payload_too_large");
        }
    }

    @Test
    void slowBodyIsAnswered408AndTheConnectionClosed() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Test-Signature: ok\r\nContent-Length: 10\r\n\r\nabc");
            String answer = c.readUntilClose();
            assertThat(answer).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close")
                    .contains("request_timeout");
        }
    }

    @Test
    void connectionTricklingItsFirstRequestHeadIsClosed() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 6; i++) {
                Thread.sleep(500);
                c.writeQuietly("X".getBytes(StandardCharsets.US_ASCII));
            }
            // closed after the 2 s header deadline without an answer
            assertThat(c.closedByServerWithoutAnswer()).isTrue();
        }
    }

    @Test
    void otherMethodIs405WithAllowPost() throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(uri("/webhooks/github"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.headers().firstValue("allow")).hasValue("POST");
        HttpResponse<String> get = get("/webhooks/github");
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void garbledRequestLineIsAClientErrorNotA5xx() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            c.write(new byte[]{'P', 'O', 'S', 'T', ' ', (byte) 0xff, (byte) 0xfe, ' ', 'H', '\r', '\n', '\r', '\n'});
            String answer = c.readUntilClose();
            assertThat(answer).matches("(?s)HTTP/1\\.[01] 4\\d\\d.*");
        }
    }

    @Test
    void invalidUtf8AndDuplicateHeadersAreNot5xx() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            byte[] head = ("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Test-Signature: \u00ff\u00fe\r\n"
                    + "X-Test-Signature: ok\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1);
            c.write(head);
            String answer = c.readResponse();
            assertThat(answer).matches("(?s)HTTP/1\\.1 4\\d\\d.*");
        }
    }

    @Test
    void oversizedHeadersAreRefusedWith431() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
            assertThat(c.readUntilClose()).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void keepAliveConnectionServesSeveralDeliveries() throws Exception {
        try (RawHttp.Connection c = RawHttp.open(ingress.port())) {
            for (int i = 0; i < 2; i++) {
                c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Test-Signature: ok\r\nX-Test-Id: ka-"
                        + UUID.randomUUID() + "\r\nContent-Length: 2\r\n\r\n{}");
                assertThat(c.readResponse()).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void slackUrlVerificationIsAnsweredWithTheChallengeAndNotWritten() throws Exception {
        byte[] body = "{\"token\":\"t\",\"challenge\":\"3eZbrw1aB\",\"type\":\"url_verification\"}"
                .getBytes(StandardCharsets.UTF_8);
        String id = "slack-challenge-" + UUID.randomUUID();
        HttpResponse<String> res = post("/webhooks/slack", body, "X-Test-Signature", "ok", "X-Test-Id", id,
                "X-Test-Type", "url_verification");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"challenge\":\"3eZbrw1aB\"}");
        assertThat(recordsWithKey("slack:" + id)).isEmpty();
    }

    @Test
    void liveAndReadyAnswer200WhileKafkaIsUp() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/health/ready").statusCode() == 200);
        assertThat(ingress.ready()).isTrue();
    }

    @Test
    void metricsExposeRequestsFailuresProduceLatencyAndInFlight() throws Exception {
        post("/webhooks/github", "{}".getBytes(StandardCharsets.UTF_8), "X-Test-Signature", "ok", "X-Test-Id", "m-1");
        post("/webhooks/github", "{}".getBytes(StandardCharsets.UTF_8), "X-Test-Signature", "bad");
        HttpResponse<String> res = get("/metrics");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(res.body())
                .contains("sluice_ingress_requests_total{outcome=\"accepted\",source=\"github\"}")
                .contains("sluice_ingress_verification_failures_total{reason=\"invalid_signature\",source=\"github\"}")
                .contains("sluice_ingress_produce_seconds_bucket")
                .contains("sluice_ingress_inflight_writes")
                .contains("sluice_ingress_kafka_ready")
                .contains("jvm_memory_used_bytes");
    }
}
