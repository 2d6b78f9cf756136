package io.sluice.ingress;

import io.sluice.testkit.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.testkit.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** close() lets a request that is already in flight finish (and reach Kafka) while refusing new connections. */
class GracefulShutdownIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void requestInFlightWhenCloseStartsIsAnswered200AndWritten() throws Exception {
        KAFKA.createTopics(TestConfigs.RAW);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            Ingress ingress = Ingress.start(TestConfigs.config(KAFKA.bootstrapServers(), "5s", ""), Clock.systemUTC(),
                    registry, IngressLimits.defaults().withBodyReadTimeout(Duration.ofSeconds(10)),
                    (s, c) -> new StubVerifier());
            int port = ingress.port();
            CompletableFuture<Void> closing;
            try (RawHttp.Connection c = RawHttp.open(port)) {
                c.write("POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Test-Signature: ok\r\nX-Test-Id: in-flight\r\n"
                        + "Expect: 100-continue\r\nContent-Length: 10\r\n\r\n");
                // the 100 proves the request is being handled before close() starts
                assertThat(c.readResponse()).startsWith("HTTP/1.1 100");
                c.write("{\"a\":");
                closing = CompletableFuture.runAsync(ingress::close);
                // positive barrier: close() has begun (a new connection is closed or answered 503 instead of
                // being served), and it is still waiting for this request
                await().atMost(Duration.ofSeconds(20)).until(() -> refusesNewRequests(port));
                assertThat(closing).isNotDone();
                c.write("12345}");
                assertThat(c.readResponse()).startsWith("HTTP/1.1 200").contains("\"id\":\"in-flight\"");
            }
            closing.get(30, TimeUnit.SECONDS);
            assertThat(KAFKA.consume(TestConfigs.RAW, 1, Duration.ofSeconds(10)))
                    .anySatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("github:in-flight"));
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        } finally {
            registry.close();
        }
    }

    private static boolean refusesNewRequests(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 503;
        } catch (IOException closed) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
