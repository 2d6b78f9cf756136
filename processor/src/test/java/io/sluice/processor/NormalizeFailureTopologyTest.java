package io.sluice.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.index.EventIndex;
import io.sluice.processor.index.Resolver;
import io.sluice.processor.index.Timeline;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.sluice.processor.EventIndexTopologyTest.bytes;
import static io.sluice.processor.EventIndexTopologyTest.header;
import static io.sluice.processor.EventIndexTopologyTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A normalize step that throws (issue #11), through the real topology: DESIGN.md says a record the processor
 * cannot normalize goes to the dead-letter topic with the reason in a header, and the event index (the dedupe
 * store's entry) must say so; the records after it still flow.
 *
 * <p>Normalization is written never to throw (errors are data: a body it cannot read is a {@code Rejected}
 * result, see {@link TopologyTest}), so no body or config makes it throw. The fault is injected where the step
 * calls out: a metrics backend whose "unknown source" counter throws, so the step fails for a record of a source
 * that is no longer configured, before it forwards anything, exactly where a bug in normalization would.
 */
class NormalizeFailureTopologyTest {
    static final Instant T0 = EventIndexTopologyTest.T0;
    static final String HYPERSPELL = EventIndexTopologyTest.HYPERSPELL;

    @TempDir
    Path stateDir;
    SluiceConfig config;
    ProcessorMetrics metrics;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> raw;
    EventIndex index;
    final Map<String, List<TestRecord<byte[], byte[]>>> written = new HashMap<>();

    /** A Micrometer registry whose unknown-source counter throws: the fault this test injects. */
    static final class FailingRegistry extends SimpleMeterRegistry {
        @Override
        protected Counter newCounter(Meter.Id id) {
            if (id.getName().equals(ProcessorMetrics.UNKNOWN_SOURCE)) {
                return new Counter() {
                    @Override
                    public void increment(double amount) {
                        throw new IllegalStateException("injected: the metrics backend failed");
                    }

                    @Override
                    public double count() {
                        return 0;
                    }

                    @Override
                    public Meter.Id getId() {
                        return id;
                    }
                };
            }
            return super.newCounter(id);
        }
    }

    @BeforeEach
    void start() {
        config = TestConfigs.config("unused:9092", "normalize-failure-test", stateDir);
        metrics = new ProcessorMetrics(new FailingRegistry());
        EventOutputs outputs = new EventOutputs(config);
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics, outputs, true),
                StreamsProperties.of(config, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
        WindowStore<byte[], byte[]> store = driver.getWindowStore(EventIndex.STORE);
        index = new EventIndex(() -> store, this::find, config.topics().deadLetter());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** The record with the key and event id among those the topology wrote to {@code topic}. */
    Optional<Resolver.Position> find(String topic, byte[] key, String id, long timestamp) {
        List<TestRecord<byte[], byte[]>> records = read(topic);
        for (int i = 0; i < records.size(); i++) {
            TestRecord<byte[], byte[]> r = records.get(i);
            if (Arrays.equals(r.key(), key) && r.timestamp() >= timestamp
                    && (id.equals(header(r.headers(), CloudEventHeaders.ID)) || id.equals(header(r.headers(), RawHeaders.EVENT_ID)))) {
                return Optional.of(new Resolver.Position(0, i, null));
            }
        }
        return Optional.empty();
    }

    List<TestRecord<byte[], byte[]>> read(String topic) {
        List<TestRecord<byte[], byte[]>> records = written.computeIfAbsent(topic, t -> new ArrayList<>());
        records.addAll(driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList());
        return records;
    }

    void send(String source, String id, String type, String body, Instant at) {
        raw.pipeInput(new TestRecord<>(bytes(source + ":" + id), bytes(body), headers(source, id, type, at, null), at));
    }

    /** One record whose normalize step throws (a source no longer configured), then one that normalizes. */
    void sendFailingThenGood() {
        send("removed-source", "e1", "index-completed", HYPERSPELL, T0);
        send("hyperspell", "e2", "index-completed", HYPERSPELL, T0.plusSeconds(1));
    }

    @Test
    void recordGoesToTheDeadLetterTopicUnchangedWithTheReasonHeader() {
        sendFailingThenGood();
        List<TestRecord<byte[], byte[]>> dlq = read(config.topics().deadLetter());
        assertThat(dlq).singleElement().satisfies(r -> {
            assertThat(new String(r.key())).isEqualTo("removed-source:e1");
            assertThat(r.value()).isEqualTo(bytes(HYPERSPELL));
            assertThat(header(r.headers(), RawHeaders.DLQ_REASON)).isEqualTo(DlqReason.PROCESSING_ERROR.code());
            assertThat(header(r.headers(), RawHeaders.DLQ_DETAIL)).isEqualTo(IllegalStateException.class.getName());
            assertThat(header(r.headers(), RawHeaders.EVENT_ID)).isEqualTo("e1");
        });
        assertThat(metrics.count(ProcessorMetrics.DEAD_LETTERED, "reason", DlqReason.PROCESSING_ERROR.code())).isEqualTo(1);
    }

    @Test
    void eventIndexRecordsTheDeadLetterReason() {
        sendFailingThenGood();
        Timeline t = index.timeline("removed-source", "e1").orElseThrow();
        assertThat(t.deadLetter()).as("the index entry names why the event was dead-lettered").isNotNull();
        assertThat(t.deadLetter().reason()).isEqualTo(DlqReason.PROCESSING_ERROR.code());
        assertThat(t.deadLetter().detail()).isEqualTo(IllegalStateException.class.getName());
        assertThat(t.deadLetter().topic()).isEqualTo(config.topics().deadLetter());
        assertThat(t.deadLetter().offset()).isEqualTo(0L);
        assertThat(t.status()).isEqualTo("dead_lettered");
        assertThat(t.outputs()).isEmpty();
    }

    @Test
    void laterRecordsStillFlow() {
        sendFailingThenGood();
        assertThat(read("hyperspell.index")).singleElement()
                .satisfies(r -> assertThat(new String(r.key())).isEqualTo("hyperspell:e2"));
        Timeline t = index.timeline("hyperspell", "e2").orElseThrow();
        assertThat(t.status()).isEqualTo("delivered");
        assertThat(t.deadLetter()).isNull();
    }

    @Test
    void redeliveryOfTheFailedEventIsDroppedAsADuplicate() {
        sendFailingThenGood();
        send("removed-source", "e1", "index-completed", HYPERSPELL, T0.plusSeconds(5));
        assertThat(read(config.topics().deadLetter())).hasSize(1);
        Timeline t = index.timeline("removed-source", "e1").orElseThrow();
        assertThat(t.dedupe().copiesDropped()).isEqualTo(1);
        assertThat(t.deadLetter().reason()).isEqualTo(DlqReason.PROCESSING_ERROR.code());
    }
}
