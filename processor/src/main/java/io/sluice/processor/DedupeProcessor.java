package io.sluice.processor;

import io.sluice.processor.index.IndexProcessor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Drops a record whose key was already seen within the dedupe window; forwards everything else.
 *
 * <p>Seen keys live in a persistent window store whose retention is the window, so the store (and
 * its changelog, whose retention Streams derives from the store's) never grows without bound. Time
 * is the record timestamp (the ingress's produce time), so replays and restores give the same
 * answers as the first run. A copy counts as a duplicate when its timestamp is less than the
 * window away from the first accepted copy's, in either direction (ingress replicas' clocks may
 * differ a little). The first sighting is kept: redeliveries do not extend the window.
 *
 * <p>Records without a key cannot be deduplicated and are passed on (the normalizer dead-letters them).
 */
public final class DedupeProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** The state store's name; its changelog topic is {@code <application.id>-sluice-dedupe-changelog}. */
    public static final String STORE = "sluice-dedupe";

    private final long windowMs;
    private final ProcessorMetrics metrics;
    private final Predicate<String> knownSource;
    private final String indexNode;
    private ProcessorContext<byte[], byte[]> context;
    private WindowStore<byte[], Long> store;

    public DedupeProcessor(Duration window, ProcessorMetrics metrics, Set<String> knownSources) {
        this(window, metrics, Set.copyOf(knownSources)::contains, null);
    }

    /**
     * @param knownSource whether a source is configured now (live config adds and removes sources)
     * @param indexNode   the event index's node: it gets every record forwarded, and a copy of each
     *                    dropped duplicate marked {@code sluice.index.duplicate} (null: no index)
     */
    public DedupeProcessor(Duration window, ProcessorMetrics metrics, Predicate<String> knownSource, String indexNode) {
        this.windowMs = window.toMillis();
        this.metrics = metrics;
        this.knownSource = knownSource;
        this.indexNode = indexNode;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
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
        if (seen(key, ts)) {
            metrics.duplicate(source);
            if (indexNode != null) {
                Headers marked = new RecordHeaders(record.headers().toArray());
                marked.add(IndexProcessor.DUPLICATE_HEADER, new byte[]{1});
                context.forward(record.withHeaders(marked), indexNode);
            }
            return;
        }
        store.put(key, ts, ts);
        context.forward(record);
    }

    private boolean seen(byte[] key, long ts) {
        long from = ts > Long.MIN_VALUE + windowMs ? ts - windowMs + 1 : Long.MIN_VALUE;
        long to = ts < Long.MAX_VALUE - windowMs ? ts + windowMs - 1 : Long.MAX_VALUE;
        try (WindowStoreIterator<Long> it = store.fetch(key, Math.max(0, from), to)) {
            return it.hasNext();
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
