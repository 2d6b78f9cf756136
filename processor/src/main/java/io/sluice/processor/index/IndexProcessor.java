package io.sluice.processor.index;

import io.sluice.processor.RawHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds each event's {@link Timeline} inside the processor's exactly-once transactions and
 * forwards it (key {@code <source>:<event id>}, JSON) to {@code topics.index}.
 *
 * <p>Two inputs reach it:
 * <ul>
 *   <li>every raw delivery, from the dedupe step: raw partition/offset from the record's metadata,
 *       time and attempt from the ingress's headers, {@code duplicate} when dedupe dropped it (marked
 *       with {@link #DUPLICATE_HEADER}), else {@code accepted};</li>
 *   <li>every record of the output topics (routes, default, dead-letter), read back by this same
 *       application. Under {@code exactly_once_v2} Streams reads {@code read_committed}, so an output
 *       shows up here only once the transaction that wrote it committed: the index never claims an
 *       output that is not there. Its partition and offset are the committed record's.</li>
 * </ul>
 * Output records keep the raw key, and every Sluice topic has {@code topics.partitions}
 * partitions, so an event's deliveries and outputs reach the same task and the same store entry.
 *
 * <p>Entries not updated for {@code retention} (the dedupe window) are deleted from the store and
 * tombstoned in the index topic by an hourly wall-clock punctuation, so the store stays bounded.
 */
public final class IndexProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** The timelines' state store ({@code <application.id>-sluice-index-timelines-changelog}). */
    public static final String STORE = "sluice-index-timelines";
    /** Set by the dedupe step on the copy of a record it dropped as a duplicate. */
    public static final String DUPLICATE_HEADER = "sluice.index.duplicate";
    /** Set on replay outputs (by the replay job). */
    public static final String REPLAY_JOB_HEADER = "sluice.replay-job";
    static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IndexProcessor.class);

    private final String rawTopic;
    private final String deadLetterTopic;
    private final long retentionMs;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<byte[], byte[]> store;

    public IndexProcessor(String rawTopic, String deadLetterTopic, Duration retention) {
        this.rawTopic = rawTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            index(record);
        } catch (RuntimeException e) {
            // Never let the index fail a record: Streams' processing-exception handler would
            // dead-letter the source record, turning an index bug into a "dead-lettered" event.
            LOG.error("event=index_failed error={}", e.getClass().getName());
        }
    }

    private void index(Record<byte[], byte[]> record) {
        byte[] key = record.key();
        Optional<RecordMetadata> md = context.recordMetadata();
        if (key == null || key.length == 0 || md.isEmpty()) {
            return; // keyless records name no event
        }
        long now = context.currentSystemTimeMs();
        Timeline current = current(key);
        Headers h = record.headers();
        String topic = md.get().topic();
        Timeline next;
        if (rawTopic.equals(topic)) {
            boolean duplicate = h.lastHeader(DUPLICATE_HEADER) != null;
            next = current.withDelivery(new Timeline.Delivery(receivedAt(h, record.timestamp()), attempt(h),
                    md.get().partition(), md.get().offset(), duplicate ? "duplicate" : "accepted"),
                    RawHeaders.text(h, RawHeaders.EVENT_TYPE), now);
        } else if (deadLetterTopic.equals(topic)) {
            next = current.withDeadLetter(new Timeline.DeadLetter(RawHeaders.text(h, RawHeaders.DLQ_REASON),
                    RawHeaders.text(h, RawHeaders.DLQ_DETAIL), topic, md.get().partition(), md.get().offset()),
                    RawHeaders.text(h, RawHeaders.EVENT_TYPE), now);
        } else {
            next = current.withOutput(new Timeline.Output(topic, md.get().partition(), md.get().offset(),
                    RawHeaders.text(h, REPLAY_JOB_HEADER)), now);
        }
        byte[] value = next.toJson();
        store.put(key, value);
        context.forward(new Record<>(key, value, record.timestamp()));
    }

    private Timeline current(byte[] key) {
        byte[] existing = store.get(key);
        if (existing != null) {
            try {
                return Timeline.fromJson(existing);
            } catch (RuntimeException e) {
                // an unreadable entry (older format) is started afresh rather than failing the task
            }
        }
        String k = new String(key, StandardCharsets.UTF_8);
        int colon = k.indexOf(':');
        return colon < 0 ? Timeline.empty(null, k) : Timeline.empty(k.substring(0, colon), k.substring(colon + 1));
    }

    private static Long receivedAt(Headers h, long fallback) {
        String v = RawHeaders.text(h, RawHeaders.RECEIVED_AT);
        try {
            return v == null ? fallback : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Integer attempt(Headers h) {
        String v = RawHeaders.text(h, RawHeaders.DELIVERY_ATTEMPT);
        try {
            return v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Deletes entries not updated within the retention, and tombstones them in the index topic. */
    void purge(long now) {
        List<byte[]> expired = new ArrayList<>();
        try (KeyValueIterator<byte[], byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<byte[], byte[]> kv = it.next();
                long updated;
                try {
                    updated = Timeline.fromJson(kv.value).updatedAt();
                } catch (RuntimeException e) {
                    updated = 0;
                }
                if (updated < now - retentionMs) {
                    expired.add(kv.key);
                }
            }
        }
        for (byte[] key : expired) {
            store.delete(key);
            context.forward(new Record<byte[], byte[]>(key, null, now));
        }
    }
}
