package io.sluice.app;

import io.sluice.config.SourceConfig;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After real traffic (accepted, redelivered and refused deliveries), {@code GET /metrics} of the
 * ingress and of the processor carry the series docs/ingress.md and docs/processor.md document, with
 * finite values, also after garbage collections (gauges must not read NaN once a weakly held
 * supplier is collected), and both are ready.
 */
class MetricsIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path stateDir;

    static final int EVENTS = 5;
    static RunningPipeline pipeline;
    static Map<String, Double> ingressSeries;
    static Map<String, Double> processorSeries;

    @BeforeAll
    static void start() throws Exception {
        pipeline = RunningPipeline.start(KAFKA, stateDir, """
                topics: {partitions: 1}
                routes:
                  - {topic: hyperspell.index, sources: [hyperspell], types: ["index-*"]}
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: [hs-secret]}
                """);
        SourceConfig hyperspell = pipeline.config.source("hyperspell").orElseThrow();
        for (int i = 0; i < EVENTS; i++) {
            String body = "{\"event\":\"index-completed\",\"resource_id\":\"doc-" + i + "\",\"timestamp\":"
                    + Instant.now().getEpochSecond() + "}";
            SignedDelivery d = SignedDelivery.of(hyperspell).body(body).build();
            assertThat(post(d).statusCode()).isEqualTo(200);
            if (i == 0) {
                assertThat(post(d).statusCode()).as("redelivery").isEqualTo(200);
            }
        }
        assertThat(post(SignedDelivery.of(hyperspell).secret("wrong").body("{\"event\":\"x\",\"timestamp\":"
                + Instant.now().getEpochSecond() + "}").build()).statusCode()).isEqualTo(401);
        assertThat(KAFKA.consume("hyperspell.index", EVENTS, Duration.ofSeconds(60))).hasSize(EVENTS);

        // A gauge whose state object is only weakly referenced reads NaN after a collection
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        ingressSeries = scrape(pipeline.ingress.port());
        processorSeries = scrape(pipeline.processor.port());
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void ingressGaugesAreFiniteAfterGarbageCollection() {
        assertThat(ingressSeries.get("sluice_ingress_inflight_writes")).as("sluice_ingress_inflight_writes").isEqualTo(0.0);
        assertThat(ingressSeries.get("sluice_ingress_kafka_ready")).as("sluice_ingress_kafka_ready").isEqualTo(1.0);
    }

    @Test
    void ingressCountsAcceptedAndRefusedDeliveries() {
        assertThat(ingressSeries)
                .containsEntry("sluice_ingress_requests_total{outcome=\"accepted\",source=\"hyperspell\"}", EVENTS + 1.0)
                .containsEntry("sluice_ingress_requests_total{outcome=\"invalid_signature\",source=\"hyperspell\"}", 1.0)
                .containsEntry("sluice_ingress_verification_failures_total{reason=\"invalid_signature\",source=\"hyperspell\"}", 1.0)
                .containsEntry("sluice_ingress_produce_seconds_count", EVENTS + 1.0);
        assertThat(ingressSeries.keySet()).anyMatch(k -> k.startsWith("sluice_ingress_produce_seconds_bucket{"))
                .anyMatch(k -> k.startsWith("jvm_")).anyMatch(k -> k.startsWith("process_"));
    }

    @Test
    void processorCountsEventsDuplicatesAndRoutes() {
        assertThat(processorSeries)
                .containsEntry("sluice_processor_events_in_total{source=\"hyperspell\"}", EVENTS + 1.0)
                .containsEntry("sluice_processor_duplicates_dropped_total{source=\"hyperspell\"}", 1.0)
                .containsEntry("sluice_processor_events_routed_total{topic=\"hyperspell.index\"}", (double) EVENTS);
        assertThat(processorSeries.keySet()).anyMatch(k -> k.startsWith("kafka_stream_"));
    }

    @Test
    void processorSeriesThatNothingIncrementedYetAreExportedAtZero() {
        assertThat(processorSeries)
                .containsEntry("sluice_processor_dead_lettered_total{reason=\"body_not_json\"}", 0.0)
                .containsEntry("sluice_processor_unknown_source_total", 0.0)
                .containsEntry("sluice_processor_events_routed_total{topic=\"sluice.events\"}", 0.0);
    }

    @Test
    void everySluiceSeriesIsFinite() {
        Map<String, Double> all = new LinkedHashMap<>(ingressSeries);
        all.putAll(processorSeries);
        assertThat(all).isNotEmpty();
        all.forEach((series, value) -> {
            if (series.startsWith("sluice_")) {
                assertThat(Double.isFinite(value)).as("%s = %s", series, value).isTrue();
            }
        });
    }

    @Test
    void bothAreReady() throws Exception {
        assertThat(RunningPipeline.get(pipeline.ingress.port(), "/health/ready").statusCode()).isEqualTo(200);
        assertThat(RunningPipeline.get(pipeline.processor.port(), "/health/ready").statusCode()).isEqualTo(200);
    }

    /** Prometheus text to series (name plus labels, as printed) and value. */
    static Map<String, Double> scrape(int port) throws Exception {
        HttpResponse<String> r = RunningPipeline.get(port, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), parse(line.substring(space + 1)));
        }
        return series;
    }

    private static double parse(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    static HttpResponse<String> post(SignedDelivery d) throws Exception {
        return pipeline.post("/webhooks/hyperspell", d);
    }
}
