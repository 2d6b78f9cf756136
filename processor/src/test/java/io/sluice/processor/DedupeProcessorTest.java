package io.sluice.processor;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The dedupe processor alone, on a mock context (in-memory window store, same retention rules). */
class DedupeProcessorTest {
    static final Duration WINDOW = Duration.ofMinutes(10);
    final ProcessorMetrics metrics = ProcessorMetrics.inMemory();
    MockProcessorContext<byte[], byte[]> context;
    DedupeProcessor processor;

    @BeforeEach
    void init() {
        context = new MockProcessorContext<>();
        WindowStore<byte[], Long> store = Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(DedupeProcessor.STORE, WINDOW, Duration.ofMillis(1), false),
                        Serdes.ByteArray(), Serdes.Long())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new DedupeProcessor(WINDOW, metrics, Set.of("a"));
        processor.init(context);
    }

    void process(String key, long ts) {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.SOURCE, "a".getBytes(StandardCharsets.UTF_8));
        processor.process(new Record<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8), ts, h));
    }

    @Test
    void firstSightingIsForwarded() {
        process("a:1", 1_000);
        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void copyJustInsideTheWindowIsDropped() {
        process("a:1", 1_000);
        process("a:1", 1_000 + WINDOW.toMillis() - 1);
        assertThat(context.forwarded()).hasSize(1);
        assertThat(metrics.count(ProcessorMetrics.DUPLICATES, "source", "a")).isEqualTo(1.0);
    }

    @Test
    void copyAtTheWindowIsForwardedAgain() {
        process("a:1", 1_000);
        process("a:1", 1_000 + WINDOW.toMillis());
        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void slightlyEarlierCopyIsStillADuplicate() {
        // another ingress replica's clock a little behind
        process("a:1", 50_000);
        process("a:1", 49_000);
        assertThat(context.forwarded()).hasSize(1);
    }

    @Test
    void redeliveryDoesNotExtendTheWindow() {
        process("a:1", 1_000);
        process("a:1", 1_000 + WINDOW.toMillis() - 1);
        process("a:1", 1_000 + WINDOW.toMillis());
        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void otherKeysAreIndependent() {
        process("a:1", 1_000);
        process("a:2", 1_000);
        assertThat(context.forwarded()).hasSize(2);
    }

    @Test
    void recordWithoutKeyIsPassedOnUndeduplicated() {
        process(null, 1_000);
        process(null, 1_000);
        assertThat(context.forwarded()).hasSize(2);
        assertThat(metrics.count(ProcessorMetrics.DUPLICATES, "source", "a")).isZero();
    }

    @Test
    void unconfiguredSourceIsTaggedUnknown() {
        assertThat(processor.sourceTag("zzz")).isEqualTo("unknown");
        assertThat(processor.sourceTag(null)).isEqualTo("none");
        assertThat(processor.sourceTag("a")).isEqualTo("a");
    }
}
