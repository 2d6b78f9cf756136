package io.sluice.processor;

import io.sluice.processor.index.IndexEntry;
import io.sluice.processor.index.IndexEntryCodec;
import io.sluice.processor.index.IndexOutcome;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Drops a record whose key was already seen within the dedupe window; forwards everything else.
 * Its store is also the event index (docs/admin.md): each key's value is an {@link IndexEntry}.
 *
 * <p>Seen keys live in a persistent window store whose retention is the window, so the store (and
 * its changelog, whose retention Streams derives from the store's) never grows without bound. Time
 * is the record timestamp (the ingress's produce time), so replays and restores give the same
 * answers as the first run. A copy counts as a duplicate when its timestamp is less than the
 * window away from the first accepted copy's, in either direction (ingress replicas' clocks may
 * differ a little). The first sighting is kept: redeliveries do not extend the window (a duplicate's
 * entry is written back at the first sighting's timestamp).
 *
 * <p>Reads: a key the task's {@link SeenKeys} filter has never seen is not read from the store (a
 * RocksDB range seek per segment, the stream thread's largest cost before); the filter has no false
 * negatives, so this changes no answer.
 *
 * <p>Index cost: one store put per event (its first sighting), one more per duplicate. With the
 * index off ({@code -Dsluice.processor.index=false}) the store holds a constant minimal entry and
 * duplicates are not written: dedupe alone.
 *
 * <p>Records without a key cannot be deduplicated and are passed on (the normalizer dead-letters them).
 */
public final class DedupeProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** The state store's name; its changelog topic is {@code <application.id>-sluice-dedupe-changelog}. */
    public static final String STORE = "sluice-dedupe";
    private static final Logger LOG = LoggerFactory.getLogger(DedupeProcessor.class);

    private final long windowMs;
    private final ProcessorMetrics metrics;
    private final Predicate<String> knownSource;
    private final boolean index;
    private final int filterMinBitsLog2;
    private ProcessorContext<byte[], byte[]> context;
    private WindowStore<byte[], byte[]> store;
    /** Every key in the store, so that a new key skips the store read; null: none (store too large). */
    private SeenKeys seen;

    public DedupeProcessor(Duration window, ProcessorMetrics metrics, Set<String> knownSources) {
        this(window, metrics, Set.copyOf(knownSources)::contains, true);
    }

    /**
     * @param knownSource whether a source is configured now (live config adds and removes sources)
     * @param index       false: store only the minimal "seen" entry (measures what the index costs)
     */
    public DedupeProcessor(Duration window, ProcessorMetrics metrics, Predicate<String> knownSource, boolean index) {
        this(window, metrics, knownSource, index, SeenKeys.MIN_BITS_LOG2);
    }

    /** @param filterMinBitsLog2 the smallest {@link SeenKeys} filter (tests: a small one, to see it rebuilt) */
    DedupeProcessor(Duration window, ProcessorMetrics metrics, Predicate<String> knownSource, boolean index,
                    int filterMinBitsLog2) {
        this.filterMinBitsLog2 = filterMinBitsLog2;
        this.windowMs = window.toMillis();
        this.metrics = metrics;
        this.knownSource = knownSource;
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        // init runs once the task's store is restored (and again after a task is revived): the
        // filter starts from the whole store, and every put below goes through put()
        this.seen = buildSeen();
    }

    private SeenKeys buildSeen() {
        long start = System.nanoTime();
        SeenKeys s = SeenKeys.build(store, filterMinBitsLog2);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (s == null) {
            LOG.info("event=dedupe_filter_off task={} reason=store_holds_more_than_{}_keys ms={}", context.taskId(),
                    SeenKeys.maxKeysAtBuild(), ms);
        } else {
            // once per task start (and per rebuild): the pass over the store is start-up time
            LOG.info("event=dedupe_filter_built task={} keys={} bits={} ms={}", context.taskId(), s.keys(), s.bits(), ms);
        }
        return s;
    }

    /**
     * Puts the entry and adds its key to the filter (rebuilt from the store once it is full).
     *
     * @param keyHash the key's {@link SeenKeys#hash} (hashed once per record, for the lookup and this add)
     */
    private void put(byte[] key, long keyHash, byte[] value, long windowStart) {
        store.put(key, value, windowStart);
        if (seen != null && !seen.addHashed(keyHash)) {
            seen = buildSeen();
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String source = sourceTag(RawHeaders.text(record.headers(), RawHeaders.SOURCE));
        metrics.eventIn(source);
        byte[] key = record.key();
        if (key == null || key.length == 0) {
            context.forward(record);
            return;
        }
        long ts = record.timestamp();
        long keyHash = SeenKeys.hash(key);
        KeyValue<Long, byte[]> first = firstSighting(key, keyHash, ts);
        if (first != null) {
            metrics.duplicate(source);
            if (index) {
                indexDuplicate(key, keyHash, first, record);
            }
            return;
        }
        if (!index) {
            put(key, keyHash, IndexEntryCodec.minimal(), ts);
            context.forward(record);
            return;
        }
        // Read before forwarding: downstream steps get the record, not a copy.
        IndexEntry.Delivery delivery = delivery(record, false);
        String type = RawHeaders.text(record.headers(), RawHeaders.EVENT_TYPE);
        // Forward first, put after: when forward returns, the normalize step has forwarded every
        // output of this record on this thread (IndexOutcome), so one put holds them all. A record the
        // normalize step fails on is dead-lettered by Streams' handler at that step, which records the
        // reason in IndexOutcome itself (forward then returns normally). The put is in a finally so that
        // the record is still marked seen when the exception does come through here (a handler that
        // fails the task); dedupe's semantics do not depend on the index.
        IndexOutcome outcome = IndexOutcome.begin();
        String failure = null;
        try {
            context.forward(record);
        } catch (RuntimeException e) {
            failure = e.getClass().getName();
            throw e;
        } finally {
            try {
                IndexEntry entry = failure == null
                        ? IndexEntry.first(type, delivery, outcome.topics(), outcome.deadLetterReason(),
                        outcome.deadLetterDetail())
                        : IndexEntry.first(type, delivery, outcome.topics(), DlqReason.PROCESSING_ERROR.code(), failure);
                put(key, keyHash, IndexEntryCodec.encode(entry), ts);
            } finally {
                outcome.end();
            }
        }
    }

    /** Adds the dropped copy to the entry, at the first sighting's timestamp (which overwrites it). */
    private void indexDuplicate(byte[] key, long keyHash, KeyValue<Long, byte[]> first, Record<byte[], byte[]> record) {
        IndexEntry current;
        try {
            current = IndexEntryCodec.decode(first.value);
        } catch (IllegalArgumentException e) {
            current = IndexEntry.LEGACY; // unreadable: keep dedupe working, start the details afresh
        }
        put(key, keyHash, IndexEntryCodec.encode(current.withDuplicate(delivery(record, true))), first.key);
    }

    private IndexEntry.Delivery delivery(Record<byte[], byte[]> record, boolean duplicate) {
        Headers h = record.headers();
        // read straight from the header bytes and the metadata, without a String, Optional.map or boxing per record
        RecordMetadata md = context.recordMetadata().orElse(null);
        return new IndexEntry.Delivery(RawHeaders.parseLong(RawHeaders.value(h, RawHeaders.RECEIVED_AT), record.timestamp()),
                (int) RawHeaders.parseLong(RawHeaders.value(h, RawHeaders.DELIVERY_ATTEMPT), -1),
                md == null ? -1 : md.partition(), md == null ? -1L : md.offset(), duplicate);
    }

    /** The first sighting within the window (timestamp, entry), or null. */
    private KeyValue<Long, byte[]> firstSighting(byte[] key, long keyHash, long ts) {
        if (seen != null && !seen.mightContainHash(keyHash)) {
            return null; // never put: no sighting to read
        }
        long from = ts > Long.MIN_VALUE + windowMs ? ts - windowMs + 1 : Long.MIN_VALUE;
        long to = ts < Long.MAX_VALUE - windowMs ? ts + windowMs - 1 : Long.MAX_VALUE;
        try (WindowStoreIterator<byte[]> it = store.fetch(key, Math.max(0, from), to)) {
            return it.hasNext() ? it.next() : null;
        }
    }

    /** Metric tag: configured names as they are, anything else "unknown" (keeps label cardinality bounded). */
    String sourceTag(String source) {
        if (source == null || source.isEmpty()) {
            return "none";
        }
        return knownSource.test(source) ? source : "unknown";
    }
}
