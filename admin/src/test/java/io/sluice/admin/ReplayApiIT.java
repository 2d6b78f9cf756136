package io.sluice.admin;

import io.sluice.testkit.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.RawHeaders;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replay endpoints as {@code up} serves them (processor + admin API on a real broker): a replayed
 * time range yields exactly its events once on the route with {@code sluice.replay-job}, the same job
 * id again starts nothing, scopes, audit, and bad input answered with 400 JSON errors.
 */
class ReplayApiIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path state;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant FROM = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    static final Instant TO = FROM.plus(1, ChronoUnit.HOURS);
    static final int EVENTS = 15;
    static AdminFixture app;

    @BeforeAll
    static void start() throws Exception {
        app = AdminFixture.start(KAFKA, state, null);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            p.send(raw("gh-before", FROM.minusMillis(1)));
            for (int i = 0; i < EVENTS; i++) {
                p.send(raw("gh-" + i, FROM.plusSeconds(i)));
            }
            p.send(raw("gh-after", TO));
            p.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static ProducerRecord<byte[], byte[]> raw(String id, Instant at) {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.SOURCE, utf8("github"));
        h.add(RawHeaders.EVENT_ID, utf8(id));
        h.add(RawHeaders.EVENT_TYPE, utf8("push"));
        h.add(RawHeaders.RECEIVED_AT, utf8(String.valueOf(at.toEpochMilli())));
        h.add(RawHeaders.CONTENT_TYPE, utf8("application/json"));
        return new ProducerRecord<>(app.config.topics().raw(), null, at.toEpochMilli(), utf8("github:" + id),
                utf8("{\"repository\":{\"full_name\":\"o/r\"}}"), h);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String body(String job) {
        return "{\"job\":\"" + job + "\",\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"sources\":[\"github\"]}";
    }

    static RawHttp.Reply post(String token, String body) throws Exception {
        return RawHttp.send(app.port(), "POST", "/admin/replay", token, body);
    }

    static JsonNode awaitState(String job, String expected) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            RawHttp.Reply r = RawHttp.send(app.port(), "GET", "/admin/replay/" + job, AdminFixture.READ_TOKEN, null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            last[0] = JSON.readTree(r.body());
            return expected.equals(last[0].path("state").asText());
        });
        return last[0];
    }

    /** The audit record of {@code action} for {@code job}; waits for it (the audit write is asynchronous). */
    static JsonNode auditRecord(String action, String job) throws Exception {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : KAFKA.readToEnd(app.config.topics().audit())) {
                JsonNode n = JSON.readTree(r.value());
                if (action.equals(n.path("action").asText()) && job.equals(n.path("params").path("job").asText())) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Keys of records on the topic carrying {@code sluice.replay-job: job}, read to the end (read_committed). */
    static Map<String, Long> replayed(String job, String topic) {
        KAFKA.awaitTransactionsSettled(Duration.ofSeconds(60), topic);
        return KAFKA.readToEnd(topic).stream().filter(r -> {
            Header h = r.headers().lastHeader("sluice.replay-job");
            return h != null && job.equals(new String(h.value(), StandardCharsets.UTF_8));
        }).collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8), Collectors.counting()));
    }

    @Test
    void replayedRangeYieldsExactlyItsEventsOnceWithTheJobHeader() throws Exception {
        RawHttp.Reply r = post(AdminFixture.REPLAY_TOKEN, body("api-once"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode started = JSON.readTree(r.body());
        assertThat(started.path("job").asText()).isEqualTo("api-once");
        assertThat(started.path("created").asBoolean()).isTrue();
        assertThat(started.path("total").asLong()).isEqualTo(EVENTS);

        JsonNode done = awaitState("api-once", "done");

        assertThat(done.path("done").asLong()).isEqualTo(EVENTS);
        assertThat(done.path("written").asLong()).isEqualTo(EVENTS);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            expected.put("github:gh-" + i, 1L);
        }
        assertThat(replayed("api-once", "gh.push")).isEqualTo(expected);
        JsonNode audit = auditRecord("replay.start", "api-once");
        assertThat(audit.path("token").asText()).isEqualTo("replayer");
        assertThat(audit.path("params").path("from").asText()).isEqualTo(FROM.toString());
    }

    @Test
    void sameJobIdAgainIs202WithTheExistingJobAndWritesNothingMore() throws Exception {
        assertThat(post(AdminFixture.OPS_TOKEN, body("api-twice")).status()).isEqualTo(202);
        awaitState("api-twice", "done");

        RawHttp.Reply again = post(AdminFixture.OPS_TOKEN, body("api-twice"));

        assertThat(again.status()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).path("created").asBoolean()).isFalse();
        assertThat(JSON.readTree(again.body()).path("state").asText()).isEqualTo("done");
        assertThat(replayed("api-twice", "gh.push")).hasSize(EVENTS).allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
    }

    @Test
    void cancelOfAFinishedJobAnswersItsStateAndUnknownJobIs404() throws Exception {
        assertThat(post(AdminFixture.OPS_TOKEN, body("api-cancel")).status()).isEqualTo(202);
        awaitState("api-cancel", "done");

        RawHttp.Reply cancel = RawHttp.send(app.port(), "DELETE", "/admin/replay/api-cancel", AdminFixture.REPLAY_TOKEN, null);
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(JSON.readTree(cancel.body()).path("state").asText()).isEqualTo("done");

        RawHttp.Reply unknown = RawHttp.send(app.port(), "DELETE", "/admin/replay/nope", AdminFixture.REPLAY_TOKEN, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("unknown_job");
        RawHttp.Reply get = RawHttp.send(app.port(), "GET", "/admin/replay/nope", AdminFixture.READ_TOKEN, null);
        assertThat(get.status()).isEqualTo(404);
    }

    @Test
    void listShowsJobs() throws Exception {
        assertThat(post(AdminFixture.OPS_TOKEN, body("api-list")).status()).isEqualTo(202);
        RawHttp.Reply r = RawHttp.send(app.port(), "GET", "/admin/replay", AdminFixture.READ_TOKEN, null);
        assertThat(r.status()).isEqualTo(200);
        List<String> jobs = new ArrayList<>();
        JSON.readTree(r.body()).path("jobs").forEach(j -> jobs.add(j.path("job").asText()));
        assertThat(jobs).contains("api-list");
    }

    @Test
    void scopes() throws Exception {
        assertThat(post(AdminFixture.READ_TOKEN, body("api-scope")).status()).isEqualTo(403);
        assertThat(RawHttp.send(app.port(), "DELETE", "/admin/replay/x", AdminFixture.READ_TOKEN, null).status())
                .isEqualTo(403);
        assertThat(RawHttp.send(app.port(), "GET", "/admin/replay/x", AdminFixture.REPLAY_TOKEN, null).status())
                .isEqualTo(403);
        assertThat(post(null, body("api-scope")).status()).isEqualTo(401);
    }

    static void expectError(RawHttp.Reply r, int status, String code) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(JSON.readTree(r.body()).path("error").asText()).as(r.body()).isEqualTo(code);
    }

    @Test
    void fromAfterToIs400InvalidRange() throws Exception {
        expectError(post(AdminFixture.OPS_TOKEN, "{\"from\":\"" + TO + "\",\"to\":\"" + FROM + "\"}"), 400, "invalid_range");
    }

    @Test
    void unknownModeIs400InvalidMode() throws Exception {
        expectError(post(AdminFixture.OPS_TOKEN, "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"mode\":\"again\"}"),
                400, "invalid_mode");
    }

    @Test
    void renormalizeWithoutTopicIs400InvalidTopic() throws Exception {
        expectError(post(AdminFixture.OPS_TOKEN, "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"mode\":\"renormalize\"}"),
                400, "invalid_topic");
    }

    @Test
    void garbageJsonIs400BadJson() throws Exception {
        expectError(post(AdminFixture.OPS_TOKEN, "{\"from\": [}"), 400, "bad_json");
        expectError(post(AdminFixture.OPS_TOKEN, "\u0000\u0001binary"), 400, "bad_json");
        expectError(post(AdminFixture.OPS_TOKEN, null), 400, "bad_json");
    }

    @Test
    void tenKilobyteJobIdIs400() throws Exception {
        String id = "j".repeat(10_240);
        expectError(post(AdminFixture.OPS_TOKEN, "{\"job\":\"" + id + "\",\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"}"),
                400, "invalid_job_id");
        RawHttp.Reply get = RawHttp.send(app.port(), "GET", "/admin/replay/" + id, AdminFixture.READ_TOKEN, null);
        assertThat(get.status()).as(get.body()).isBetween(400, 499);
        assertThat(JSON.readTree(get.body()).path("error").asText()).isNotEmpty();
    }

    @Test
    void traversalJobIdsAre400() throws Exception {
        expectError(post(AdminFixture.OPS_TOKEN, "{\"job\":\"../../etc\",\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"}"),
                400, "invalid_job_id");
        // ids that reach the route are refused by name; a dot-dot segment is normalized away to a path that matches nothing
        expectError(RawHttp.send(app.port(), "GET", "/admin/replay/%2e%2eetc", AdminFixture.READ_TOKEN, null),
                400, "invalid_job_id");
        expectError(RawHttp.send(app.port(), "DELETE", "/admin/replay/a%20b", AdminFixture.OPS_TOKEN, null),
                400, "invalid_job_id");
        expectError(RawHttp.send(app.port(), "GET", "/admin/replay/..%2F..%2Fetc", AdminFixture.READ_TOKEN, null),
                400, "invalid_job_id");
        expectError(RawHttp.send(app.port(), "DELETE", "/admin/replay/%2e%2e", AdminFixture.OPS_TOKEN, null),
                404, "not_found");
    }
}
