package io.sluice.processor;

import io.sluice.processor.index.IndexEntry;
import io.sluice.processor.index.IndexEntryCodec;
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
    WindowStore<byte[], byte[]> store;

    @BeforeEach
    void init() {
        context = new MockProcessorContext<>();
        store = Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(DedupeProcessor.STORE, WINDOW, Duration.ofMillis(1), false),
                        Serdes.ByteArray(), Serdes.ByteArray())
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

    IndexEntry stored(String key, long ts) {
        byte[] v = store.fetch(key.getBytes(StandardCharsets.UTF_8), ts);
        assertThat(v).as("entry of %s at %d", key, ts).isNotNull();
        return IndexEntryCodec.decode(v);
    }

    @Test
    void firstSightingStoresItsDelivery() {
        process("a:1", 1_000);
        IndexEntry e = stored("a:1", 1_000);
        assertThat(e.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.duplicate()).isFalse();
            assertThat(d.receivedAt()).isEqualTo(1_000);
        });
        assertThat(e.copiesDropped()).isZero();
    }

    @Test
    void duplicateIsAddedToTheEntryAtTheFirstSightingsTimestamp() {
        process("a:1", 1_000);
        process("a:1", 5_000);
        IndexEntry e = stored("a:1", 1_000);
        assertThat(e.deliveries()).extracting(IndexEntry.Delivery::duplicate).containsExactly(false, true);
        assertThat(e.deliveriesTotal()).isEqualTo(2);
        assertThat(e.copiesDropped()).isEqualTo(1);
        assertThat(store.fetch("a:1".getBytes(StandardCharsets.UTF_8), 5_000)).isNull();
    }

    @Test
    void legacyTimestampEntryStillDeduplicates() {
        // a value written by the version before the index moved into this store: the timestamp as a long
        store.put("a:1".getBytes(StandardCharsets.UTF_8), Serdes.Long().serializer().serialize("t", 1_000L), 1_000);
        processor.init(context); // as after the upgrade's restart: the store is there before init
        process("a:1", 2_000);
        assertThat(context.forwarded()).isEmpty();
        assertThat(stored("a:1", 1_000).copiesDropped()).isEqualTo(1);
    }

    @Test
    void indexOffStoresTheMinimalEntryAndStillDeduplicates() {
        processor = new DedupeProcessor(WINDOW, metrics, s -> true, false);
        processor.init(context);
        process("a:1", 1_000);
        process("a:1", 2_000);
        assertThat(context.forwarded()).hasSize(1);
        assertThat(stored("a:1", 1_000)).isEqualTo(IndexEntry.MINIMAL);
    }

    @Test
    void unconfiguredSourceIsTaggedUnknown() {
        assertThat(processor.sourceTag("zzz")).isEqualTo("unknown");
        assertThat(processor.sourceTag(null)).isEqualTo("none");
        assertThat(processor.sourceTag("a")).isEqualTo("a");
    }

    @Test
    void keyAlreadyInTheStoreAtInitIsADuplicate() {
        // a restarted task: its store was restored before init, so the filter starts from the store
        store.put("a:1".getBytes(StandardCharsets.UTF_8), IndexEntryCodec.minimal(), 1_000);
        processor = new DedupeProcessor(WINDOW, metrics, Set.of("a"));
        processor.init(context);
        process("a:1", 2_000);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void keysStayDuplicatesAfterTheFilterIsRebuilt() {
        // more keys than a small first filter holds: it is rebuilt from the store on the way
        processor = new DedupeProcessor(WINDOW, metrics, s -> true, true, 14);
        processor.init(context);
        int keys = 3 * (1 << 14) / 10 + 100;
        for (int i = 0; i < keys; i++) {
            process("a:" + i, 1_000);
        }
        context.resetForwards();
        process("a:0", 2_000);
        process("a:" + (keys - 1), 2_000);
        assertThat(context.forwarded()).isEmpty();
        process("a:new", 2_000);
        assertThat(context.forwarded()).hasSize(1);
    }
}
