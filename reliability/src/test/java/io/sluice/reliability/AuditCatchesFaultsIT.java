package io.sluice.reliability;

import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit must catch the faults it used to miss: a duplicate that a processor still catching up
 * writes after every accepted key has arrived once, and a processor that never catches up. The
 * "processor" here is played by the test (it commits the group's offsets and writes the outputs
 * itself), so the fault is injected exactly where and when the test wants it.
 */
class AuditCatchesFaultsIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final String RAW = "audit.raw";
    private static final String OUT = "hyperspell.index";

    @Test
    void duplicateWrittenAfterEveryKeyArrivedOnceIsReported() throws Exception {
        String group = "audit-late-dup";
        KAFKA.createTopics(RAW, OUT, "audit.dlq");
        Ledger ledger = new Ledger();
        List<Provider.Event> events = acceptedEvents(ledger, 3, 1);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (Provider.Event e : events) {
                p.send(record(RAW, e)).get();
                p.send(record(OUT, e)).get(); // every key is out once: the old audit stopped reading here
            }
        }
        Audit audit = new Audit(KAFKA.bootstrapServers(), ledger, group, RAW, List.of(OUT, "audit.dlq"), "audit.dlq");
        CompletableFuture<Audit.Delivery> result = CompletableFuture.supplyAsync(() -> audit.delivery(Duration.ofSeconds(60)));
        Thread.sleep(2000); // the audit is waiting for the group to commit the raw topic
        assertThat(result).as("audit finished before the processor caught up").isNotDone();
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            p.send(record(OUT, events.get(0))).get(); // the late duplicate
        }
        commitEnd(group, RAW, events.size());

        Audit.Delivery d = result.get(90, TimeUnit.SECONDS);
        assertThat(d.caughtUp()).isTrue();
        assertThat(d.duplicated()).containsExactly(events.get(0).key() + " x2");
        assertThat(d.lost()).isEmpty();
    }

    @Test
    void processorThatNeverCatchesUpFailsTheAudit() throws Exception {
        String raw = "audit.raw.stuck";
        String group = "audit-stuck";
        KAFKA.createTopics(raw, OUT);
        Ledger ledger = new Ledger();
        List<Provider.Event> events = acceptedEvents(ledger, 2, 2);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (Provider.Event e : events) {
                p.send(record(raw, e)).get();
            }
        }
        commitEnd(group, raw, 1); // one raw record never committed

        Audit.Delivery d = new Audit(KAFKA.bootstrapServers(), ledger, group, raw, List.of(OUT), "audit.dlq")
                .delivery(Duration.ofSeconds(5));
        assertThat(d.caughtUp()).isFalse();
        assertThat(Verdicts.of(report(d))).anySatisfy(v -> assertThat(v).contains("did not see the processor commit"));
    }

    @Test
    void requestsThatAHungIngressNeverAnswersFailTheRun() {
        Ledger ledger = new Ledger();
        long t = System.nanoTime();
        // what LoadGenerator records against an ingress that accepts connections and never answers
        ledger.answered(new Ledger.Attempt("hyperspell:a", t, t + 30_000_000_000L, Ledger.TIMEOUT, false, false));
        ledger.answered(new Ledger.Attempt("hyperspell:b", t, t + 1_000_000L, 200, false, false));
        FaultWindows windows = new FaultWindows();
        windows.add(new FaultWindows.Window("ingress", t + 40_000_000_000L, t + 50_000_000_000L));
        assertThat(windows.unansweredOutside(ledger.attempts())).extracting(Ledger.Attempt::key)
                .containsExactly("hyperspell:a");

        windows.add(new FaultWindows.Window("ingress", t + 10_000_000_000L, t + 12_000_000_000L));
        assertThat(windows.unansweredOutside(ledger.attempts())).as("excused by a kill during its wait").isEmpty();
    }

    @Test
    void verdictsNameUnansweredRequestsOutsideFaults() {
        Audit.Delivery d = new Audit.Delivery(1, 1, List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0, true);
        ChaosReport r = report(d, 3);
        assertThat(Verdicts.of(r)).anySatisfy(v -> assertThat(v).contains("3 requests got no answer"));
    }

    // ---------------------------------------------------------------- helpers

    private static List<Provider.Event> acceptedEvents(Ledger ledger, int n, long seed) {
        Random rnd = new Random(seed);
        List<Provider.Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Provider.Event e = Provider.HYPERSPELL.newEvent(seed * 100 + i, rnd, Instant.now());
            ledger.sent(e, "sig-" + i);
            ledger.answered(new Ledger.Attempt(e.key(), 0, 1, 200, false, false));
            out.add(e);
        }
        return out;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Provider.Event e) {
        return new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), e.body());
    }

    /** Commits {@code offset} on partition 0 of {@code topic} for {@code group}, as a processor's commit would. */
    private static void commitEnd(String group, String topic, long offset) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        }
    }

    private static ChaosReport report(Audit.Delivery d) {
        return report(d, 0);
    }

    private static ChaosReport report(Audit.Delivery d, int unanswered) {
        return new ChaosReport(Plan.shortRun(1), 1, 1, 1, 0, Map.of(200, 1), 0, unanswered, List.of(), List.of(),
                List.of(), d, new Audit.Store(1, 1, List.of("c"), 1, 1, Map.of()), List.of(), null);
    }
}
