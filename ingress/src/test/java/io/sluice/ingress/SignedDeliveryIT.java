package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries signed with the real scheme signers, verified by the real verifiers, read back from Kafka. */
class SignedDeliveryIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SluiceConfig config;
    private static Ingress ingress;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(TestConfigs.RAW);
        config = TestConfigs.config(KAFKA.bootstrapServers(), "5s", "");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(config, Clock.systemUTC(), registry);
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        registry.close();
    }

    private static SourceConfig source(String name) {
        return config.source(name).orElseThrow();
    }

    private static HttpResponse<String> send(String name, String path, byte[] body, Instant at, Map<String, String> extra)
            throws Exception {
        return send(name, path, body, at, null, null, extra);
    }

    private static HttpResponse<String> send(String name, String path, byte[] body, Instant at, String id, String type,
                                             Map<String, String> extra) throws Exception {
        String url = "http://127.0.0.1:" + ingress.port() + path;
        Map<String, String> signed = Schemes.signer(source(name), Clock.systemUTC())
                .sign(new SignRequest(body, at, id, url, type));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        signed.forEach(b::header);
        extra.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(String key) {
        return KAFKA.consume(TestConfigs.RAW, Integer.MAX_VALUE, Duration.ofSeconds(3)).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(key)).toList();
    }

    private static void assertNoSecretHeaders(ConsumerRecord<byte[], byte[]> r, String source) {
        Set<String> secret = Schemes.secretHeaders(source(source));
        for (Header h : r.headers()) {
            assertThat(secret).doesNotContain(h.key().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void githubDeliveryIsAcceptedAndStoredUnderItsDeliveryId() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> res = send("github", "/webhooks/github", body, Instant.now(), id, "ping", Map.of());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.body()).contains("\"id\":\"" + id + "\"");
        List<ConsumerRecord<byte[], byte[]>> rs = records("github:" + id);
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).value()).isEqualTo(body);
        assertThat(new String(rs.get(0).headers().lastHeader("sluice.event-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("ping");
        assertNoSecretHeaders(rs.get(0), "github");
    }

    @Test
    void inboundSharedSecretDeliveryOnItsOwnPathIsAcceptedAndTheSecretIsNotStored() throws Exception {
        byte[] body = ("{\"channel\":\"telegram\",\"text\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> res = send("inbound", "/v1/inbound/generic", body, Instant.now(), Map.of());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        String id = res.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        ConsumerRecord<byte[], byte[]> r = records("inbound:" + id).get(0);
        assertNoSecretHeaders(r, "inbound");
        for (Header h : r.headers()) {
            assertThat(new String(h.value(), StandardCharsets.UTF_8)).doesNotContain("inbound-secret");
        }
    }

    @Test
    void logsNeverContainSecretsOrSignatures() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level before = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            byte[] body = "{\"channel\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            String url = "http://127.0.0.1:" + ingress.port() + "/webhooks/github";
            Map<String, String> signed = Schemes.signer(source("github"), Clock.systemUTC())
                    .sign(new SignRequest(body, Instant.now(), "log-1", url, "push"));
            assertThat(send("github", "/webhooks/github", body, Instant.now(), "log-2", "push", Map.of()).statusCode())
                    .isEqualTo(200);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}"));
            signed.forEach(b::header);
            assertThat(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(send("inbound", "/webhooks/inbound", body, Instant.now(), Map.of()).statusCode()).isEqualTo(200);
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        assertThat(logs.list).isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain("gh-secret").doesNotContain("inbound-secret")
                    .doesNotContain("sha256=");
        }
    }

    @Test
    void tamperedBodyIs401InvalidSignature() throws Exception {
        String url = "http://127.0.0.1:" + ingress.port() + "/webhooks/github";
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = Schemes.signer(source("github"), Clock.systemUTC())
                .sign(new SignRequest(body, Instant.now(), "d-1", url, "push"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":2}"));
        signed.forEach(b::header);
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).isEqualTo("{\"error\":\"invalid_signature\"}");
        signed.values().forEach(v -> assertThat(res.body()).doesNotContain(v));
    }

    @Test
    void staleSlackTimestampIs401TimestampOutOfTolerance() throws Exception {
        byte[] body = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\"}}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> res = send("slack", "/webhooks/slack", body, Instant.now().minusSeconds(3600), Map.of());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).isEqualTo("{\"error\":\"timestamp_out_of_tolerance\"}");
    }

    @Test
    void signedSlackUrlVerificationGetsItsChallengeBack() throws Exception {
        byte[] body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}"
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> res = send("slack", "/webhooks/slack", body, Instant.now(), Map.of());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}");
    }

    @Test
    void unsignedSlackUrlVerificationIsRefused() throws Exception {
        byte[] body = "{\"challenge\":\"x\",\"type\":\"url_verification\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/slack"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).doesNotContain("\"challenge\"");
    }
}
