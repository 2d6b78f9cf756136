package io.sluice.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigLoader;
import io.sluice.config.LiveConfig;
import io.sluice.config.ReloadResult;
import io.sluice.config.SluiceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.processor.Processor;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live config as {@code up} wires it ({@link LiveReload}: file watch, both parts, metrics),
 * against a real broker: a new route and a new source added to the file take effect in the
 * running ingress and processor, a broken file is refused and counted.
 */
class LiveConfigIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private Processor processor;
    private Ingress ingress;
    private LiveConfig live;
    private PrometheusMeterRegistry ingressMetrics;

    @AfterEach
    void stop() {
        if (live != null) {
            live.close();
        }
        if (ingress != null) {
            ingress.close();
        }
        if (processor != null) {
            processor.close();
        }
        if (ingressMetrics != null) {
            ingressMetrics.close();
        }
    }

    private String yaml(String routes, String extraSources) {
        return """
                kafka: {bootstrap-servers: "%s"}
                topics: {partitions: 1}
                ingress: {host: 127.0.0.1, port: 0}
                processor: {port: 0, state-dir: "%s", dedupe-window: 1h, application-id: live-config-it}
                routes:
                %s
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: [hs-secret]}
                %s
                """.formatted(KAFKA.bootstrapServers(), dir.resolve("state").toString().replace("\\", "/"),
                routes, extraSources);
    }

    private Path write(String content) throws Exception {
        Path tmp = dir.resolve("next.yaml");
        Files.writeString(tmp, content);
        return Files.move(tmp, dir.resolve("sluice.yaml"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private HttpResponse<String> post(String source, SignedDelivery d) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/" + source))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("host")) {
                b.header(k, v);
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String event, String resource) {
        return "{\"event\":\"" + event + "\",\"resource_id\":\"" + resource + "\",\"timestamp\":"
                + Instant.now().getEpochSecond() + "}";
    }

    @Test
    void newRouteAndNewSourceTakeEffectWithoutRestartAndABrokenFileIsRefused() throws Exception {
        Path file = write(yaml("  - {topic: live.first, sources: [hyperspell]}", ""));
        SluiceConfig loaded = new ConfigLoader(Map.of()).read(file);
        TopicProvisioner.ensure(loaded, 30);
        processor = Processor.start(loaded);
        processor.awaitRunning(Duration.ofSeconds(90));
        ingressMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(loaded, Clock.systemUTC(), ingressMetrics);
        live = LiveReload.start(file, loaded, loaded, List.of(ingressMetrics, processor.registry()), ingress, processor);

        var hyperspell = loaded.source("hyperspell").orElseThrow();
        assertThat(post("hyperspell", SignedDelivery.of(hyperspell).body(body("index-completed", "before")).build())
                .statusCode()).isEqualTo(200);
        assertThat(KAFKA.consume("live.first", 1, Duration.ofSeconds(60))).hasSize(1);

        // a broken file: refused, counted, the running config stays
        write(yaml("  - {topic: live.first, sources: [hyperspell]}", "  - {name: gh, scheme: github}"));
        await().atMost(Duration.ofSeconds(60)).until(() -> live.last().outcome() == ReloadResult.Outcome.INVALID);
        assertThat(live.last().detail()).isEqualTo("sources[1].secrets: at least one secret is required");
        assertThat(processor.registry().scrape()).contains("sluice_config_reloads_total{result=\"invalid\"} 1.0");

        // route moved to a new topic and a new source added
        write(yaml("  - {topic: live.second, sources: [hyperspell, gh]}",
                "  - {name: gh, scheme: github, secrets: [gh-secret]}"));
        await().atMost(Duration.ofSeconds(60)).until(() -> live.last().outcome() == ReloadResult.Outcome.RELOADED);
        assertThat(ingressMetrics.scrape()).contains("sluice_config_reloads_total{result=\"reloaded\"} 1.0");

        assertThat(post("hyperspell", SignedDelivery.of(hyperspell).body(body("index-completed", "after")).build())
                .statusCode()).isEqualTo(200);
        var gh = live.current().source("gh").orElseThrow();
        HttpResponse<String> fromNewSource = post("gh", SignedDelivery.of(gh).eventId("gh-1").eventType("push")
                .body("{\"zen\":\"new source\"}").build());
        assertThat(fromNewSource.statusCode()).as(fromNewSource.body()).isEqualTo(200);

        List<ConsumerRecord<byte[], byte[]>> second = KAFKA.consume("live.second", 2, Duration.ofSeconds(60));
        assertThat(second).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .hasSize(2).contains("gh:gh-1").anyMatch(k -> k.startsWith("hyperspell:"));
        // the old route's topic got only the event from before the reload
        assertThat(KAFKA.consume("live.first", 1, Duration.ofSeconds(10))).hasSize(1);
    }
}
