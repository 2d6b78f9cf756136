package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-source rate limits over real HTTP against the real broker: a bucket of 3 refilled at 1 per
 * hour, so the outcome of each request does not depend on how fast the machine is.
 */
class RateLimitIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    private static final String RAW = "rate.raw";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SluiceConfig config;
    private static Ingress ingress;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(RAW);
        config = new ConfigLoader(Map.of()).parse("""
                kafka: {bootstrap-servers: "%s"}
                topics: {raw: %s}
                ingress: {host: 127.0.0.1, port: 0}
                sources:
                  - {name: limited, scheme: github, secrets: [lim-secret], rate-limit: {rate: 1/h, burst: 3}}
                  - {name: free, scheme: github, secrets: [free-secret]}
                """.formatted(KAFKA.bootstrapServers(), RAW));
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

    private static HttpResponse<String> deliver(String source, String id, boolean forged) throws Exception {
        String url = "http://127.0.0.1:" + ingress.port() + "/webhooks/" + source;
        byte[] body = ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Schemes.signer(config.source(source).orElseThrow(), Clock.systemUTC())
                .sign(new SignRequest(body, Instant.now(), id, url, "push"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        headers.forEach((k, v) -> b.header(k, forged && k.equalsIgnoreCase("X-Hub-Signature-256")
                ? "sha256=" + "0".repeat(64) : v));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forgedFloodDoesNotSpendTheBudgetAndDeliveriesBeyondItGet429WithRetryAfter() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(deliver("limited", "forged-" + i, true).statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = deliver("limited", "ok-" + i, false);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
        HttpResponse<String> limited = deliver("limited", "over-" + UUID.randomUUID(), false);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("{\"error\":\"rate_limited\"}");
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        // with the bucket empty, anything to this source is refused before its body is read or verified
        assertThat(deliver("limited", "forged-late", true).statusCode()).isEqualTo(429);

        // another source has its own budget (none here)
        for (int i = 0; i < 5; i++) {
            assertThat(deliver("free", "free-" + i, false).statusCode()).isEqualTo(200);
        }

        // exactly the 3 accepted deliveries of the limited source reached Kafka; the 429 did not
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consume(RAW, 8, Duration.ofSeconds(30));
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .filteredOn(k -> k.startsWith("limited:"))
                .containsExactlyInAnyOrder("limited:ok-0", "limited:ok-1", "limited:ok-2");

        String metrics = registry.scrape();
        assertThat(metrics).containsPattern("sluice_rate_limited_total\\{[^}]*source=\"limited\"[^}]*} 2\\.0");
        assertThat(metrics).containsPattern("sluice_ingress_requests_total\\{[^}]*outcome=\"rate_limited\"[^}]*source=\"limited\"");
    }
}
