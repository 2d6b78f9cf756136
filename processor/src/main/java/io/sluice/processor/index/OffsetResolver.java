package io.sluice.processor.index;

import io.sluice.config.SluiceConfig;
import io.sluice.processor.CloudEventHeaders;
import io.sluice.processor.RawHeaders;
import io.sluice.topics.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Finds, at lookup, where an event's output was committed. The index knows only the topic: inside
 * the processor's transaction an output's offset does not exist yet. The partition is the
 * producer's default partitioner's for the key (Streams' sinks here have no partitioner of their
 * own: {@code murmur2(key) % partitions}); outputs keep the raw record's timestamp, so
 * {@code offsetsForTimes(timestamp)} gives an offset at or before the record; from there a
 * {@code read_committed} consumer scans forward, up to the last stable offset, for the record with
 * that key and event id, at most {@link #MAX_RECORDS} records and {@link #MAX_TIME}. Only committed records are ever read, so an
 * output is never claimed before its transaction committed; not found means "pending".
 *
 * <p>Consumers are pooled ({@link #POOL} at most, created on first use, reused): one per lookup
 * would cost a connection and a metadata fetch each time.
 */
public final class OffsetResolver implements Resolver, AutoCloseable {
    /** Most records scanned for one output. */
    public static final int MAX_RECORDS = 20_000;
    /** Longest scan for one output (the fetches; a found record usually comes with the first one). */
    public static final Duration MAX_TIME = Duration.ofMillis(500);
    /** Longest wait for each metadata / offset request. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OffsetResolver.class);
    static final int POOL = 4;

    private final Map<String, Object> props;
    private final BlockingQueue<KafkaConsumer<byte[], byte[]>> idle = new ArrayBlockingQueue<>(POOL);
    private final BlockingQueue<Boolean> permits = new ArrayBlockingQueue<>(POOL);
    private volatile boolean closed;

    public OffsetResolver(SluiceConfig config) {
        Map<String, Object> p = new HashMap<>(KafkaClients.common(config));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        // The scan only reads below the last stable offset, so a fetch has data; when the broker still
        // answers empty (a fetch-session or segment boundary), the default 500 ms wait became the
        // lookup's time (p99.9 505 ms in EventLookupBench --broker): wait briefly and fetch again.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-index-lookup");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.props = p;
        for (int i = 0; i < POOL; i++) {
            permits.add(Boolean.TRUE);
        }
    }

    @Override
    public Optional<Position> find(String topic, byte[] key, String eventId, long timestamp) {
        KafkaConsumer<byte[], byte[]> c = borrow();
        if (c == null) {
            return Optional.empty();
        }
        boolean ok = false;
        try {
            Optional<Position> p = scan(c, topic, key, eventId, timestamp);
            ok = true;
            return p;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            ok = true; // slow broker: the consumer is fine, the output is "pending" for now
            LOG.debug("event=offset_lookup_timeout topic={}", topic);
            return Optional.empty();
        } catch (KafkaException e) {
            LOG.debug("event=offset_lookup_failed topic={} error={}", topic, e.getClass().getName());
            return Optional.empty(); // unknown topic, broker away: "pending", never an error
        } finally {
            giveBack(c, ok);
        }
    }

    private Optional<Position> scan(KafkaConsumer<byte[], byte[]> c, String topic, byte[] key, String eventId,
                                    long timestamp) {
        List<PartitionInfo> parts = c.partitionsFor(topic, REQUEST_TIMEOUT);
        if (parts == null || parts.isEmpty()) {
            return Optional.empty();
        }
        TopicPartition tp = new TopicPartition(topic, partition(key, parts.size()));
        c.assign(List.of(tp));
        OffsetAndTimestamp start = c.offsetsForTimes(Map.of(tp, Math.max(0, timestamp)), REQUEST_TIMEOUT).get(tp);
        if (start == null) {
            return Optional.empty(); // no record at or after that time (yet)
        }
        // read_committed: the end is the last stable offset, nothing past it is ever read
        Long end = c.endOffsets(List.of(tp), REQUEST_TIMEOUT).get(tp);
        if (end == null || start.offset() >= end) {
            return Optional.empty();
        }
        c.seek(tp, start.offset());
        long deadline = System.nanoTime() + MAX_TIME.toNanos();
        int scanned = 0;
        while (scanned < MAX_RECORDS && c.position(tp, REQUEST_TIMEOUT) < end) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.debug("event=offset_scan_timeout topic={} partition={} scanned={}", topic, tp.partition(), scanned);
                break;
            }
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofNanos(left))) {
                if (Arrays.equals(key, r.key()) && isEvent(r, eventId)) {
                    return Optional.of(new Position(r.partition(), r.offset(), text(r, REPLAY_JOB_HEADER)));
                }
                if (++scanned >= MAX_RECORDS) {
                    break;
                }
            }
        }
        return Optional.empty();
    }

    /** Set on replay outputs (by the replay job). */
    public static final String REPLAY_JOB_HEADER = "sluice.replay-job";

    private static boolean isEvent(ConsumerRecord<byte[], byte[]> r, String eventId) {
        String ce = text(r, CloudEventHeaders.ID);
        return eventId.equals(ce) || eventId.equals(text(r, RawHeaders.EVENT_ID));
    }

    private static String text(ConsumerRecord<byte[], byte[]> r, String header) {
        Header h = r.headers().lastHeader(header);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The producer's default partition of a keyed record. */
    public static int partition(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private KafkaConsumer<byte[], byte[]> borrow() {
        KafkaConsumer<byte[], byte[]> c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            // none idle: create one if the pool has room, else wait for one to come back
            if (permits.poll() != null) {
                return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }
            return idle.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void giveBack(KafkaConsumer<byte[], byte[]> c, boolean healthy) {
        if (!healthy || closed || !idle.offer(c)) {
            c.close(Duration.ofSeconds(1));
            permits.offer(Boolean.TRUE);
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c;
        while ((c = idle.poll()) != null) {
            c.close(Duration.ofSeconds(1));
        }
    }
}
