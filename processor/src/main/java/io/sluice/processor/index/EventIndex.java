package io.sluice.processor.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Event lookups over the global lookup store that every processor instance builds from
 * {@code topics.index} ({@link IndexLookupUpdater}). Keys of that store:
 * <ul>
 *   <li>{@code 'e' + <source>:<id>} -> the timeline's JSON;</li>
 *   <li>{@code 't' + (Long.MAX_VALUE - first received ms, 8 bytes big-endian) + <source>:<id>} -> a
 *       {@link Summary}'s JSON: a range scan from {@code 't'} lists events newest first, and a
 *       since/until window is one range.</li>
 * </ul>
 */
public final class EventIndex {
    /** The global lookup store's name. */
    public static final String STORE = "sluice-index-lookup";
    /** Most entries a list call examines: a filter that matches little cannot scan the whole index. */
    public static final int MAX_SCANNED = 100_000;
    private static final byte EVENT = 'e';
    private static final byte TIME = 't';
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One line of the recent-events list. */
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

    private final Supplier<ReadOnlyKeyValueStore<byte[], byte[]>> store;

    /** @param store the lookup store (throws Kafka's InvalidStateStoreException while not queryable) */
    public EventIndex(Supplier<ReadOnlyKeyValueStore<byte[], byte[]>> store) {
        this.store = store;
    }

    /** The timeline JSON of {@code source}/{@code id}, if indexed. */
    public Optional<byte[]> timeline(String source, String id) {
        byte[] key = (source + ":" + id).getBytes(StandardCharsets.UTF_8);
        return Optional.ofNullable(store.get().get(eventKey(key)));
    }

    /** Events newest first (by first delivery), filtered, at most {@code q.limit()}. */
    public List<Summary> recent(Query q) {
        long until = q.until() == null ? Long.MAX_VALUE : q.until();
        long since = q.since() == null ? 0 : q.since();
        List<Summary> out = new ArrayList<>();
        if (since > until || q.limit() <= 0) {
            return out;
        }
        byte[] from = timePrefix(until);
        byte[] to = ByteBuffer.allocate(10).put(timePrefix(since)).put((byte) 0xFF).array();
        int scanned = 0;
        try (KeyValueIterator<byte[], byte[]> it = store.get().range(from, to)) {
            while (it.hasNext() && out.size() < q.limit() && scanned++ < MAX_SCANNED) {
                KeyValue<byte[], byte[]> kv = it.next();
                Summary s = readSummary(kv.value);
                if (s != null && matches(s, q)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * Visits the summaries of events first received in [{@code since}, {@code until}], newest first,
     * at most {@code max} of them (statistics over a time window).
     *
     * @return the number visited
     */
    public int forEach(long since, long until, int max, java.util.function.Consumer<Summary> visitor) {
        if (since > until) {
            return 0;
        }
        byte[] from = timePrefix(until);
        byte[] to = ByteBuffer.allocate(10).put(timePrefix(since)).put((byte) 0xFF).array();
        int n = 0;
        try (KeyValueIterator<byte[], byte[]> it = store.get().range(from, to)) {
            while (it.hasNext() && n < max) {
                Summary s = readSummary(it.next().value);
                if (s != null) {
                    visitor.accept(s);
                    n++;
                }
            }
        }
        return n;
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

    static byte[] eventKey(byte[] key) {
        return ByteBuffer.allocate(key.length + 1).put(EVENT).put(key).array();
    }

    static byte[] timeKey(Timeline t, byte[] key) {
        long at = t.firstReceivedAt() != null ? t.firstReceivedAt() : t.updatedAt();
        return timeKey(at, key);
    }

    private static byte[] timeKey(long at, byte[] key) {
        return ByteBuffer.allocate(9 + key.length).put(timePrefix(at)).put(key).array();
    }

    /**
     * The time key of a stored timeline's JSON, reading only its two top-level time fields (a
     * streaming read: the lookup updater needs no more of the old value than this).
     *
     * @return null when the JSON is not a timeline
     */
    static byte[] timeKey(byte[] timelineJson, byte[] key) {
        Long first = null;
        Long updated = null;
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(timelineJson)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                if ("first_received_at".equals(name) && v == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
                    first = p.getLongValue();
                } else if ("updated_at".equals(name) && v == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
                    updated = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (first == null && updated == null) {
            return null;
        }
        return timeKey(first != null ? first : updated, key);
    }

    private static byte[] timePrefix(long at) {
        return ByteBuffer.allocate(9).put(TIME).putLong(Long.MAX_VALUE - Math.max(0, at)).array();
    }

    static byte[] summary(Timeline t) {
        try {
            return JSON.writeValueAsBytes(new Summary(t.source(), t.id(), t.type(),
                    t.firstReceivedAt(), t.status(), t.deliveriesTotal(), t.dedupe().copiesDropped(), t.outputs().size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Summary readSummary(byte[] json) {
        try {
            return JSON.readValue(json, Summary.class);
        } catch (IOException e) {
            return null;
        }
    }
}
