package io.sluice.processor.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.processor.DedupeProcessor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Event lookups over this instance's partitions of the dedupe store ({@link DedupeProcessor#STORE}),
 * which is the event index: key {@code <source>:<id>} (the raw record's key), window timestamp =
 * the first sighting's record timestamp, value an {@link IndexEntry}. Other instances' partitions
 * are asked through their admin API (the admin module's event routes); this class only reads what
 * is local.
 */
public final class EventIndex {
    /** The store the index lives in: the dedupe store. */
    public static final String STORE = DedupeProcessor.STORE;
    /** Most entries a list call examines: a filter that matches little cannot scan the whole index. */
    public static final int MAX_SCANNED = 100_000;

    /** One line of the recent-events list (no offsets resolved: a list must stay cheap). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(String source, String id, String type, @JsonProperty("received_at") Long receivedAt,
                          String status, int deliveries, int duplicates, int outputs) {
    }

    /**
     * A recent-events query; null fields do not filter.
     *
     * @param type  exact type, or a prefix ending in {@code *}
     * @param since epoch ms, inclusive
     * @param until epoch ms, inclusive
     */
    public record Query(String source, String type, Long since, Long until, int limit) {
    }

    /** An entry as stored: its key's parts, the first sighting's timestamp, the entry. */
    public record Found(String source, String id, byte[] key, long firstSeen, IndexEntry entry) {
    }

    private final Supplier<ReadOnlyWindowStore<byte[], byte[]>> store;
    private final Resolver resolver;
    private final String deadLetterTopic;

    /**
     * @param store           the local dedupe store (throws Kafka's InvalidStateStoreException while not queryable)
     * @param resolver        finds the committed outputs
     * @param deadLetterTopic where dead-lettered events are written
     */
    public EventIndex(Supplier<ReadOnlyWindowStore<byte[], byte[]>> store, Resolver resolver, String deadLetterTopic) {
        this.store = store;
        this.resolver = resolver;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** The raw key of an event: what the ingress writes, and the store's key. */
    public static byte[] key(String source, String id) {
        return (source + ":" + id).getBytes(StandardCharsets.UTF_8);
    }

    /** The newest local entry of {@code source}/{@code id}, if this instance holds one. */
    public Optional<Found> entry(String source, String id) {
        byte[] key = key(source, id);
        KeyValue<Long, byte[]> last = null;
        try (WindowStoreIterator<byte[]> it = store.get().backwardFetch(key, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            if (it.hasNext()) {
                last = it.next();
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        return Optional.of(new Found(source, id, key, last.key, decode(last.value)));
    }

    /** The timeline of {@code source}/{@code id} if this instance holds it, outputs resolved. */
    public Optional<Timeline> timeline(String source, String id) {
        return entry(source, id).map(this::timeline);
    }

    /** The timeline of a stored entry, its outputs resolved through the {@link Resolver}. */
    public Timeline timeline(Found f) {
        IndexEntry e = f.entry();
        List<Timeline.Delivery> ds = new ArrayList<>(e.deliveries().size());
        Long first = null;
        long updated = f.firstSeen();
        for (IndexEntry.Delivery d : e.deliveries()) {
            ds.add(new Timeline.Delivery(d.receivedAt(), d.attempt() < 0 ? null : d.attempt(), d.partition(),
                    d.offset(), d.duplicate() ? "duplicate" : "accepted"));
            first = first == null ? d.receivedAt() : Math.min(first, d.receivedAt());
            updated = Math.max(updated, d.receivedAt());
        }
        List<Timeline.Output> outs = new ArrayList<>(e.outputs().size());
        for (String topic : e.outputs()) {
            Optional<Resolver.Position> p = resolver.find(topic, f.key(), f.id(), f.firstSeen());
            outs.add(p.map(x -> new Timeline.Output(topic, x.partition(), x.offset(), x.replayJob(), Timeline.COMMITTED))
                    .orElseGet(() -> new Timeline.Output(topic, null, null, null, Timeline.PENDING)));
        }
        Timeline.DeadLetter dl = null;
        if (e.deadLetterReason() != null) {
            Optional<Resolver.Position> p = resolver.find(deadLetterTopic, f.key(), f.id(), f.firstSeen());
            dl = new Timeline.DeadLetter(e.deadLetterReason(), e.deadLetterDetail(), deadLetterTopic,
                    p.map(Resolver.Position::partition).orElse(null), p.map(Resolver.Position::offset).orElse(null));
        }
        return new Timeline(f.source(), f.id(), e.type(), first != null ? first : f.firstSeen(), updated, ds,
                e.deliveriesTotal(), new Timeline.Dedupe(e.copiesDropped()), outs, dl);
    }

    /**
     * Local events newest first (by first sighting), filtered, at most {@code q.limit()}; at most
     * {@link #MAX_SCANNED} entries of the time range examined.
     *
     * <p>Cost: the window store's keys are ordered by event key, then time, so reading a time range
     * reads every entry of the store segments that overlap it (the segments are half the dedupe
     * window long) and skips those outside the range; and it goes partition by partition (each
     * newest first), so the newest {@code limit} overall are kept in a bounded heap over one pass.
     * A list is therefore one scan of up to the whole local index, not a lookup.
     */
    public List<Summary> recent(Query q) {
        long until = q.until() == null ? Long.MAX_VALUE : q.until();
        long since = q.since() == null ? 0 : q.since();
        if (since > until || q.limit() <= 0) {
            return List.of();
        }
        Comparator<Summary> newestFirst = Comparator.comparing(Summary::receivedAt, Comparator.reverseOrder());
        PriorityQueue<Summary> top = new PriorityQueue<>(newestFirst.reversed());
        forEach(since, until, MAX_SCANNED, s -> {
            if (matches(s, q)) {
                top.add(s);
                if (top.size() > q.limit()) {
                    top.poll();
                }
            }
        });
        List<Summary> out = new ArrayList<>(top);
        out.sort(newestFirst);
        return out;
    }

    /**
     * Visits the local summaries of events first seen in [{@code since}, {@code until}], at most
     * {@code max} of them (statistics over a time window); newest first within each partition.
     *
     * @return the number visited
     */
    public int forEach(long since, long until, int max, Consumer<Summary> visitor) {
        if (since > until) {
            return 0;
        }
        int n = 0;
        try (KeyValueIterator<Windowed<byte[]>, byte[]> it = store.get().backwardFetchAll(
                Instant.ofEpochMilli(Math.max(0, since)), Instant.ofEpochMilli(until))) {
            while (it.hasNext() && n < max) {
                KeyValue<Windowed<byte[]>, byte[]> kv = it.next();
                visitor.accept(summary(kv.key.key(), kv.key.window().start(), decode(kv.value)));
                n++;
            }
        }
        return n;
    }

    static Summary summary(byte[] key, long firstSeen, IndexEntry e) {
        String k = new String(key, StandardCharsets.UTF_8);
        int colon = k.indexOf(':');
        String source = colon < 0 ? null : k.substring(0, colon);
        String id = colon < 0 ? k : k.substring(colon + 1);
        String status = e.legacy() ? "unknown"
                : e.deadLetterReason() != null ? "dead_lettered"
                : !e.outputs().isEmpty() ? "delivered" : "pending";
        return new Summary(source, id, e.type(), firstSeen, status, Math.max(1, e.deliveriesTotal()),
                e.copiesDropped(), e.outputs().size());
    }

    private static IndexEntry decode(byte[] value) {
        try {
            return IndexEntryCodec.decode(value);
        } catch (IllegalArgumentException e) {
            return IndexEntry.LEGACY;
        }
    }

    private static boolean matches(Summary s, Query q) {
        if (q.source() != null && !q.source().equals(s.source())) {
            return false;
        }
        if (q.type() == null) {
            return true;
        }
        if (s.type() == null) {
            return false;
        }
        return q.type().endsWith("*") ? s.type().startsWith(q.type().substring(0, q.type().length() - 1))
                : q.type().equals(s.type());
    }
}
