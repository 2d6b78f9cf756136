package io.sluice.app;

import io.sluice.admin.AdminApi;
import io.sluice.config.SourceConfig;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk-through of issue 11 for replay: deliveries through the ingress (one sent twice), processed
 * once; then {@code bin/sluice replay --wait} against the real admin API yields exactly the range's
 * events once more on the route, marked {@code sluice.replay-job}; the CLI prints progress, status and
 * the API's errors.
 */
class ReplayCliIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path stateDir;
    static final String TOKEN = "cli-replay-token-7c1d9e2f";
    static RunningPipeline pipeline;
    static AdminApi admin;
    static Instant from;
    static Instant to;
    static Set<String> keys = new HashSet<>();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeAll
    static void start() throws Exception {
        pipeline = RunningPipeline.start(KAFKA, stateDir, """
                admin:
                  host: 127.0.0.1
                  port: 0
                  tokens: [{name: ops, token: "%s", scopes: [read, replay]}]
                routes:
                  - {topic: hyperspell.index, sources: [hyperspell], types: ["index-*"]}
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: [hs-secret]}
                """.formatted(TOKEN));
        admin = AdminApi.startIfEnabled(pipeline.config, pipeline.processor, null);
        SourceConfig hyperspell = pipeline.config.source("hyperspell").orElseThrow();
        from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        for (int i = 0; i < 12; i++) {
            String body = "{\"event\":\"index-completed\",\"app\":\"demo\",\"resource_id\":\"doc-" + i
                    + "\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
            int copies = i == 0 ? 2 : 1; // a provider retry: dropped by dedupe, written once by replay too
            for (int c = 0; c < copies; c++) {
                HttpResponse<String> r = pipeline.post("/webhooks/hyperspell",
                        SignedDelivery.of(hyperspell).body(body).build());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                keys.add("hyperspell:" + r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
            }
        }
        to = Instant.now().plusSeconds(1);
        KAFKA.awaitCaughtUp(pipeline.config.processor().applicationId(), Duration.ofSeconds(90),
                pipeline.config.topics().raw());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private String url() {
        return "http://127.0.0.1:" + admin.port();
    }

    private static Map<String, Long> replayed(String job) {
        // the job says done once its last commit returned; its commit markers may land a moment later
        KAFKA.awaitTransactionsSettled(Duration.ofSeconds(60), "hyperspell.index");
        List<ConsumerRecord<byte[], byte[]>> all = KAFKA.readToEnd("hyperspell.index");
        return all.stream().filter(r -> {
            Header h = r.headers().lastHeader("sluice.replay-job");
            return h != null && job.equals(new String(h.value(), StandardCharsets.UTF_8));
        }).collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8), Collectors.counting()));
    }

    @Test
    void replayWaitYieldsExactlyTheRangesEventsOnceAndPrintsProgress() {
        int code = Sluice.run("replay", "--admin-url", url(), "--token", TOKEN, "--from", from.toString(),
                "--to", to.toString(), "--source", "hyperspell", "--job", "cli-once", "--wait");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed + err).isZero();
        assertThat(printed).contains("replay cli-once: running").contains("replay cli-once: done 13/13 (matched 13, written 12, duplicates 1)");
        Map<String, Long> replayed = replayed("cli-once");
        assertThat(replayed.keySet()).isEqualTo(keys);
        assertThat(replayed.values()).containsOnly(1L);
        // the processor's own outputs (no replay header) are still exactly one per event
        assertThat(KAFKA.readToEnd("hyperspell.index").stream()
                .filter(r -> r.headers().lastHeader("sluice.replay-job") == null).count()).isEqualTo(keys.size());

        out.reset();
        assertThat(Sluice.run("replay", "status", "cli-once", "--admin-url", url(), "--token", TOKEN)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay cli-once: done 13/13");
        out.reset();
        assertThat(Sluice.run("replay", "cancel", "cli-once", "--admin-url", url(), "--token", TOKEN)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("replay cli-once: done");
    }

    @Test
    void apiRefusalIsPrintedWithItsCodeAndExitsOne() {
        int code = Sluice.run("replay", "--admin-url", url(), "--token", TOKEN, "--from", to.toString(),
                "--to", from.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("400 invalid_range").doesNotContain(TOKEN);
    }

    @Test
    void unknownJobStatusExitsOne() {
        assertThat(Sluice.run("replay", "status", "nope", "--admin-url", url(), "--token", TOKEN)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("404 unknown_job");
    }

    @Test
    void wrongTokenIs401() {
        assertThat(Sluice.run("replay", "status", "x", "--admin-url", url(), "--token", "wrong")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("401 unauthorized");
    }

    @Test
    void missingRangeIsAUsageError() {
        assertThat(Sluice.run("replay", "--admin-url", url(), "--token", TOKEN)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from");
    }
}
