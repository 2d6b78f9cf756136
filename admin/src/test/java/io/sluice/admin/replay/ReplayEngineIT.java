package io.sluice.admin.replay;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.EventOutputs;
import io.sluice.processor.RawHeaders;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.testkit.KafkaBroker;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replay against a real broker: each test writes raw events in its own time window, replays the
 * window and reads the outputs to the end (read_committed, up to the last stable offset) after the
 * job says done: exact counts, each event once, nothing from outside the window.
 */
class ReplayEngineIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String YAML = """
            kafka:
              bootstrap-servers: "%s"
            processor:
              application-id: "%s"
            topics:
              partitions: 2
            routes:
              - topic: hyperspell.index
                sources: [hyperspell]
                types: ["index-*"]
              - topic: all.hyperspell
                sources: [hyperspell]
            sources:
              - {name: hyperspell, scheme: hyperspell, secrets: ["s1"]}
              - {name: github, scheme: github, secrets: ["s2"]}
            """;
    static final AtomicInteger WINDOW = new AtomicInteger();
    static final Instant BASE = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    static SluiceConfig config;
    final List<ReplayEngine> engines = new ArrayList<>();

    @BeforeAll
    static void topics() {
        config = new ConfigLoader(Map.of()).parse(YAML.formatted(KAFKA.bootstrapServers(), "replay-it-" + UUID.randomUUID()));
        TopicProvisioner.ensure(config, 60);
    }

    @AfterEach
    void stopEngines() {
        engines.forEach(ReplayEngine::close);
    }

    ReplayEngine engine(ReplaySettings settings) {
        ReplayEngine e = ReplayEngine.start(config, () -> new EventOutputs(config), settings);
        engines.add(e);
        return e;
    }

    static ReplaySettings fast() {
        return new ReplaySettings(2, 50, 0, Duration.ofSeconds(30));
    }

    /** Slow enough to be caught in the middle: 5 records per transaction, 40 records/s. */
    static ReplaySettings slow() {
        return new ReplaySettings(2, 5, 40, Duration.ofSeconds(30));
    }

    /** A fresh hour of raw-topic time per test, so tests sharing the topic never overlap. */
    static Instant window() {
        return BASE.plus(WINDOW.incrementAndGet(), ChronoUnit.HOURS);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ProducerRecord<byte[], byte[]> raw(String source, String id, String type, Instant at) {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.SOURCE, utf8(source));
        h.add(RawHeaders.EVENT_ID, utf8(id));
        h.add(RawHeaders.EVENT_TYPE, utf8(type));
        h.add(RawHeaders.RECEIVED_AT, utf8(String.valueOf(at.toEpochMilli())));
        h.add(RawHeaders.CONTENT_TYPE, utf8("application/json"));
        String body = "{\"event\":\"" + type + "\",\"app\":\"a\",\"resource_id\":\"" + id + "\",\"timestamp\":"
                + at.getEpochSecond() + "}";
        return new ProducerRecord<>(config.topics().raw(), null, at.toEpochMilli(), utf8(source + ":" + id),
                utf8(body), h);
    }

    static void write(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                p.send(r);
            }
            p.flush();
        }
    }

    /**
     * Writes, in one hour window: 2 events just before {@code from}, {@code n} hyperspell events inside
     * (ids {@code prefix-0..n-1}, type index-completed), one provider retry of the first, and 2 events
     * at or after {@code to}. Returns the window start.
     */
    static Instant writeWindow(String prefix, int n) throws Exception {
        Instant from = window();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(raw("hyperspell", prefix + "-before-1", "index-completed", from.minusSeconds(2)));
        records.add(raw("hyperspell", prefix + "-before-2", "index-completed", from.minusMillis(1)));
        for (int i = 0; i < n; i++) {
            records.add(raw("hyperspell", prefix + "-" + i, "index-completed", from.plusMillis(i * 10L)));
        }
        records.add(raw("hyperspell", prefix + "-0", "index-completed", from.plusMillis(n * 10L)));
        Instant to = from.plus(30, ChronoUnit.MINUTES);
        records.add(raw("hyperspell", prefix + "-after-1", "index-completed", to));
        records.add(raw("hyperspell", prefix + "-after-2", "index-completed", to.plusSeconds(5)));
        write(records);
        return from;
    }

    static ReplayRequest request(String job, Instant from, ReplayMode mode, String topic) {
        return new ReplayRequest(job, from, from.plus(30, ChronoUnit.MINUTES), List.of(), List.of(), mode, topic);
    }

    static JobState awaitState(ReplayEngine engine, String job, JobStatus expected) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> engine.get(job).map(JobState::state).orElse(null) == expected);
        return engine.get(job).orElseThrow();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Keys of the job's outputs on a topic, with how often each was written. */
    static Map<String, Long> outputsOf(String job, String topic) {
        KAFKA.awaitTransactionsSettled(WAIT, topic);
        return KAFKA.readToEnd(topic).stream().filter(r -> job.equals(header(r, ReplayRunner.REPLAY_JOB_HEADER)))
                .collect(Collectors.groupingBy(r -> new String(r.key(), StandardCharsets.UTF_8), Collectors.counting()));
    }

    /** Starts a slow job over {@code prefix}'s window and returns once it has read {@code atLeast} raw records. */
    ReplayEngine startSlowAndAwait(String job, Instant from, long atLeast) {
        ReplayEngine engine = engine(slow());
        engine.submit(request(job, from, ReplayMode.REDELIVER, null));
        await().atMost(WAIT).until(() -> engine.get(job).orElseThrow().done() >= atLeast);
        return engine;
    }

    /** Both routes hold each of the window's {@code n} events exactly once from this job, and the job says so. */
    static void assertExactlyOnce(String job, String prefix, int n, JobState done) {
        assertThat(done.done()).isEqualTo(done.total());
        assertThat(done.written()).isEqualTo(2L * n);
        assertThat(outputsOf(job, "hyperspell.index")).isEqualTo(once(prefix, n));
        assertThat(outputsOf(job, "all.hyperspell")).isEqualTo(once(prefix, n));
    }

    static Map<String, Long> once(String prefix, int n) {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("hyperspell:" + prefix + "-" + i, 1L);
        }
        return m;
    }

    @Test
    void redeliverWritesEachEventOfTheRangeOnceToEveryRouteWithTheJobHeader() throws Exception {
        Instant from = writeWindow("rd", 20);
        ReplayEngine engine = engine(fast());

        ReplayEngine.Submitted s = engine.submit(request("job-redeliver", from, ReplayMode.REDELIVER, null));

        assertThat(s).isInstanceOf(ReplayEngine.Submitted.Created.class);
        JobState done = awaitState(engine, "job-redeliver", JobStatus.DONE);
        assertThat(done.total()).isEqualTo(21); // 20 events + the retry; before/after fall outside the offsets
        assertThat(done.done()).isEqualTo(done.total());
        assertThat(done.matched()).isEqualTo(21);
        assertThat(done.duplicates()).isEqualTo(1);
        assertThat(done.written()).isEqualTo(40);
        assertThat(outputsOf("job-redeliver", "hyperspell.index")).isEqualTo(once("rd", 20));
        assertThat(outputsOf("job-redeliver", "all.hyperspell")).isEqualTo(once("rd", 20));
        assertThat(outputsOf("job-redeliver", "sluice.events")).isEmpty();
    }

    @Test
    void redeliveredRecordsLookLikeTheProcessorsOutput() throws Exception {
        Instant from = writeWindow("fmt", 3);
        ReplayEngine engine = engine(fast());
        engine.submit(request("job-format", from, ReplayMode.REDELIVER, null));
        awaitState(engine, "job-format", JobStatus.DONE);

        KAFKA.awaitTransactionsSettled(WAIT, "hyperspell.index");
        ConsumerRecord<byte[], byte[]> r = KAFKA.readToEnd("hyperspell.index").stream()
                .filter(x -> "job-format".equals(header(x, ReplayRunner.REPLAY_JOB_HEADER))
                        && new String(x.key(), StandardCharsets.UTF_8).equals("hyperspell:fmt-1"))
                .findFirst().orElseThrow();
        var event = SingleObjectCodec.decode(r.value());
        assertThat(event.getId()).isEqualTo("fmt-1");
        assertThat(event.getSubject()).isEqualTo("fmt-1");
        assertThat(event.getType()).isEqualTo("index-completed");
        assertThat(header(r, "ce_source")).isEqualTo("sluice/hyperspell");
    }

    @Test
    void sameJobIdAgainStartsNothingNew() throws Exception {
        Instant from = writeWindow("twice", 10);
        ReplayEngine engine = engine(fast());
        engine.submit(request("job-twice", from, ReplayMode.REDELIVER, null));
        ReplayEngine.Submitted again = engine.submit(request("job-twice", from, ReplayMode.REDELIVER, null));
        assertThat(again).isInstanceOf(ReplayEngine.Submitted.Existing.class);
        awaitState(engine, "job-twice", JobStatus.DONE);

        ReplayEngine.Submitted afterDone = engine.submit(request("job-twice", from, ReplayMode.REDELIVER, null));

        assertThat(afterDone).isInstanceOf(ReplayEngine.Submitted.Existing.class);
        assertThat(((ReplayEngine.Submitted.Existing) afterDone).job().state()).isEqualTo(JobStatus.DONE);
        assertThat(outputsOf("job-twice", "hyperspell.index")).isEqualTo(once("twice", 10));
    }

    @Test
    void sameJobIdOnAnotherEngineAfterRestartStartsNothingNew() throws Exception {
        Instant from = writeWindow("restart-id", 5);
        ReplayEngine first = engine(fast());
        first.submit(request("job-restart-id", from, ReplayMode.REDELIVER, null));
        awaitState(first, "job-restart-id", JobStatus.DONE);
        first.close();

        ReplayEngine second = engine(fast());

        assertThat(second.submit(request("job-restart-id", from, ReplayMode.REDELIVER, null)))
                .isInstanceOf(ReplayEngine.Submitted.Existing.class);
        assertThat(outputsOf("job-restart-id", "hyperspell.index")).isEqualTo(once("restart-id", 5));
    }

    @Test
    void jobKilledInTheMiddleResumesAndWritesEachEventOnce() throws Exception {
        int n = 200;
        Instant from = writeWindow("kill", n);
        ReplayEngine first = startSlowAndAwait("job-kill", from, 40);

        first.halt(); // as SIGKILL would: no abort, the open transaction is left to the broker
        JobState atKill = first.get("job-kill").orElseThrow();
        assertThat(atKill.state()).isEqualTo(JobStatus.RUNNING);
        assertThat(atKill.done()).isLessThan(atKill.total());
        ReplayEngine second = engine(fast());

        assertExactlyOnce("job-kill", "kill", n, awaitState(second, "job-kill", JobStatus.DONE));
    }

    @Test
    void zombieStillRunningIsFencedByTheResumedJob() throws Exception {
        int n = 150;
        Instant from = writeWindow("zombie", n);
        startSlowAndAwait("job-zombie", from, 30);

        // a second process resumes the job while the first is still writing: the first gets fenced
        ReplayEngine second = engine(fast());

        assertExactlyOnce("job-zombie", "zombie", n, awaitState(second, "job-zombie", JobStatus.DONE));
    }

    @Test
    void cancelStopsTheJobAndTheStateSaysSo() throws Exception {
        int n = 200;
        Instant from = writeWindow("cancel", n);
        ReplayEngine engine = startSlowAndAwait("job-cancel", from, 20);

        JobState cancelled = engine.cancel("job-cancel").orElseThrow();

        assertThat(cancelled.state()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.done()).isLessThan(cancelled.total());
        Map<String, Long> written = outputsOf("job-cancel", "hyperspell.index");
        assertThat(written.values()).containsOnly(1L);
        assertThat((long) written.size() * 2).isEqualTo(cancelled.written());
        // stays cancelled across a restart: nothing resumes
        engine.close();
        ReplayEngine next = engine(fast());
        assertThat(next.get("job-cancel").orElseThrow().state()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void renormalizeWritesToItsTopicOnly() throws Exception {
        Instant from = writeWindow("renorm", 12);
        ReplayEngine engine = engine(fast());

        engine.submit(request("job-renorm", from, ReplayMode.RENORMALIZE, "renormalized.it"));

        JobState done = awaitState(engine, "job-renorm", JobStatus.DONE);
        assertThat(done.written()).isEqualTo(12);
        assertThat(outputsOf("job-renorm", "renormalized.it")).isEqualTo(once("renorm", 12));
        assertThat(outputsOf("job-renorm", "hyperspell.index")).isEmpty();
    }

    @Test
    void sourceAndTypeFiltersSelectTheirEventsOnly() throws Exception {
        Instant from = window();
        write(List.of(
                raw("hyperspell", "f-1", "index-completed", from.plusSeconds(1)),
                raw("hyperspell", "f-2", "index-started", from.plusSeconds(2)),
                raw("github", "f-3", "push", from.plusSeconds(3)),
                raw("hyperspell", "f-4", "index-completed", from.plusSeconds(4))));
        ReplayEngine engine = engine(fast());

        engine.submit(new ReplayRequest("job-filter", from, from.plus(30, ChronoUnit.MINUTES), List.of("hyperspell"),
                List.of("index-c*"), ReplayMode.REDELIVER, null));

        JobState done = awaitState(engine, "job-filter", JobStatus.DONE);
        assertThat(done.total()).isEqualTo(4);
        assertThat(done.matched()).isEqualTo(2);
        assertThat(outputsOf("job-filter", "all.hyperspell"))
                .isEqualTo(Map.of("hyperspell:f-1", 1L, "hyperspell:f-4", 1L));
        assertThat(outputsOf("job-filter", "sluice.events")).isEmpty();
    }

    @Test
    void emptyRangeIsDoneAtOnce() {
        Instant from = window();
        ReplayEngine engine = engine(fast());

        ReplayEngine.Submitted s = engine.submit(request("job-empty", from, ReplayMode.REDELIVER, null));

        assertThat(((ReplayEngine.Submitted.Created) s).job().state()).isEqualTo(JobStatus.DONE);
        assertThat(engine.get("job-empty").orElseThrow().total()).isZero();
    }

    @Test
    void moreJobsThanTheLimitAreRefused() throws Exception {
        Instant from = writeWindow("limit", 100);
        ReplayEngine engine = engine(new ReplaySettings(1, 5, 20, Duration.ofSeconds(30)));
        engine.submit(request("job-limit-1", from, ReplayMode.REDELIVER, null));

        ReplayEngine.Submitted second = engine.submit(request("job-limit-2", from, ReplayMode.REDELIVER, null));

        assertThat(second).isInstanceOf(ReplayEngine.Submitted.Refused.class);
        assertThat(((ReplayEngine.Submitted.Refused) second).error().code()).isEqualTo(ReplayError.Code.TOO_MANY_JOBS);
        engine.cancel("job-limit-1");
    }
}
