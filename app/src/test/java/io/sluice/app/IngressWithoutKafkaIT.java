package io.sluice.app;

import io.sluice.testkit.Probes;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.ChildJvm;
import io.sluice.testkit.Ports;
import io.sluice.testkit.SignedDelivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sluice ingress} started while Kafka is away, as its own process: it listens at once
 * (live 200, ready 503, deliveries 503 with {@code Retry-After}) instead of refusing connections
 * until a topic check gives up, and Kafka's clients do not flood the log meanwhile.
 */
class IngressWithoutKafkaIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildJvm child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.stop(Duration.ofSeconds(30));
        }
    }

    @Test
    void listensAtOnceAndAnswers503UntilKafkaIsThere(@TempDir Path dir) throws Exception {
        int kafkaPort = Ports.free(); // nothing listens there
        int port = Ports.free();
        String yaml = """
                kafka: {bootstrap-servers: "127.0.0.1:%d"}
                ingress: {host: 127.0.0.1, port: %d, kafka-timeout: 2s}
                processor: {state-dir: "%s"}
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: [hs-secret]}
                """.formatted(kafkaPort, port, dir.resolve("streams").toString().replace("\\", "/"));
        Path config = dir.resolve("sluice.yaml");
        Files.writeString(config, yaml);
        long started = System.nanoTime();
        // the logging config the jar ships (the test classpath's logback-test.xml would win otherwise)
        child = new ChildJvm("ingress", ChildJvm.testClasspath(), List.of("-Xmx256m", "-Dlogback.configurationFile=logback.xml"),
                Sluice.class.getName(), List.of("ingress", "--config", config.toString()), Map.of(), dir.resolve("logs"))
                .start();

        await().atMost(Duration.ofSeconds(30)).until(() -> Probes.status(port, "/health/live") == 200);
        double listeningAfter = (System.nanoTime() - started) / 1e9;
        assertThat(listeningAfter).as("seconds until it listened (the topic check alone waits 10 s per attempt)")
                .isLessThan(25);
        assertThat(Probes.status(port, "/health/ready")).isEqualTo(503);

        SluiceConfig cfg = new ConfigLoader(Map.of()).parse(yaml);
        SignedDelivery d = SignedDelivery.of(cfg.source("hyperspell").orElseThrow())
                .body("{\"event\":\"index-completed\",\"timestamp\":" + (System.currentTimeMillis() / 1000) + "}").build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/hyperspell"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.headers().forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("unavailable");

        // the same outage keeps going for a while: the clients' per-second WARN lines are not repeated
        Thread.sleep(10_000);
        assertThat(child.isAlive()).isTrue();
        List<String> warnings = java.util.stream.Stream.concat(
                        Files.readAllLines(child.stdout(), StandardCharsets.UTF_8).stream(),
                        Files.readAllLines(child.stderr(), StandardCharsets.UTF_8).stream())
                .filter(l -> l.contains("could not be established")).toList();
        assertThat(warnings).as("connection warnings in ~15 s of outage").isNotEmpty().hasSizeLessThanOrEqualTo(6);
    }
}
