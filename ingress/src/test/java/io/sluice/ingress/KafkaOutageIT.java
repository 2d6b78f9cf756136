package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kafka goes away and comes back: no delivery is answered 200 meanwhile, and the ingress recovers by itself. */
class KafkaOutageIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Ingress ingress;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(TestConfigs.RAW);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(TestConfigs.config(KAFKA.bootstrapServers(), "2s", ""), Clock.systemUTC(), registry,
                IngressLimits.defaults().withReadiness(Duration.ofMillis(500), Duration.ofSeconds(1)),
                (s, c) -> new StubVerifier());
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        registry.close();
    }

    private static HttpResponse<String> deliver() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .timeout(Duration.ofSeconds(30)).header("X-Test-Signature", "ok")
                .header("X-Test-Id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/health/ready"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void whileTheBrokerIsDownDeliveriesGet503WithRetryAfterAndAfterItsRestartTheyAreAcceptedAgain() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> ready() == 200);
        assertThat(deliver().statusCode()).isEqualTo(200);

        KAFKA.stopBroker();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> res = deliver();
                assertThat(res.statusCode()).isEqualTo(503);
                assertThat(res.headers().firstValue("retry-after")).hasValue("5");
                assertThat(res.body()).isEqualTo("{\"error\":\"unavailable\"}");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ready() == 503);
            assertThat(ingress.ready()).isFalse();
        } finally {
            KAFKA.restartBroker();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> deliver().statusCode() == 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> ready() == 200);
    }
}
