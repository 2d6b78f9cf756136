package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook handler's answers to the producer's behaviour, with Kafka's MockProducer (acks under
 * the test's control): 200 only after the ack, 503 + Retry-After on a missing ack, an error, or a
 * full in-flight budget.
 */
class WebhookHandlerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private MockProducer<byte[], byte[]> producer;
    private PrometheusMeterRegistry registry;
    private Ingress ingress;

    @BeforeEach
    void start() {
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(TestConfigs.config("127.0.0.1:9", "1s", "  max-in-flight: 1"), Clock.systemUTC(),
                registry, IngressLimits.defaults(), (s, c) -> new StubVerifier(), props -> producer);
    }

    @AfterEach
    void stop() {
        ingress.close();
        registry.close();
    }

    private CompletableFuture<HttpResponse<String>> deliver(String id) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .header("X-Test-Signature", "ok").header("X-Test-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answerWaitsForTheAckAndIs200AfterIt() throws Exception {
        CompletableFuture<HttpResponse<String>> res = deliver("a");
        await().until(() -> producer.history().size() == 1);
        // positive barrier: a later request, answered by the same server after the send, has come back;
        // an answer to "a" written before its ack would have been on the wire before this one
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/health/live"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(res).isNotDone();
        producer.completeNext();
        assertThat(res.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void missingAckWithinKafkaTimeoutIs503WithRetryAfter() throws Exception {
        HttpResponse<String> res = deliver("b").get(10, TimeUnit.SECONDS);
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("retry-after")).hasValue("5");
        assertThat(res.body()).isEqualTo("{\"error\":\"unavailable\"}");
    }

    @Test
    void kafkaErrorIs503() throws Exception {
        CompletableFuture<HttpResponse<String>> res = deliver("c");
        await().until(() -> producer.history().size() == 1);
        producer.errorNext(new org.apache.kafka.common.errors.NotEnoughReplicasException("isr"));
        assertThat(res.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }

    @Test
    void writeBeyondMaxInFlightIs503AtOnce() throws Exception {
        CompletableFuture<HttpResponse<String>> first = deliver("d1");
        await().until(() -> producer.history().size() == 1);
        HttpResponse<String> second = deliver("d2").get(5, TimeUnit.SECONDS);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(first).isNotDone();
        assertThat(producer.history()).hasSize(1);
        producer.completeNext();
        assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void readinessIs503WhileKafkaIsUnreachable() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ingress.port() + "/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.body()).isEqualTo("{\"status\":\"not_ready\"}");
        assertThat(ingress.ready()).isFalse();
    }

    @Test
    void healthRoutesRefuseOtherMethods() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ingress.port() + "/health/live"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void unavailableOutcomeIsCounted() throws Exception {
        deliver("e").get(10, TimeUnit.SECONDS);
        assertThat(registry.get("sluice.ingress.requests").tag("source", "github").tag("outcome", "unavailable")
                .counter().count()).isEqualTo(1.0);
    }
}
