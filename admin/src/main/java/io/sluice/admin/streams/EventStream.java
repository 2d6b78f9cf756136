package io.sluice.admin.streams;

import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's stream: polls its own {@code read_committed} consumer (assigned, never in a group)
 * on the shared pump threads and writes each matching event as an SSE frame whose {@code id} is
 * the {@link Cursor} right after it.
 *
 * <p>Never blocks a pump thread: polls with a zero timeout, and pauses while the client's write
 * queue is full; a queue full for longer than {@link StreamSettings#slowClient()} cuts the stream
 * with a {@code retry:} hint (the client reconnects with {@code Last-Event-ID} and loses nothing).
 * The token's expiry ends the stream too. All state is touched under this object's lock, so the
 * (not thread-safe) consumer is only ever used by one thread at a time.
 */
final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    /** Reconnection delay suggested to a client cut for being slow, in milliseconds. */
    static final long SLOW_RETRY_MS = 2_000;
    /** Polls 2 ms apart after data before falling back to the idle pause: a zero-timeout poll returns before the next fetch lands. */
    private static final int BUSY_POLLS = 50;

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final HttpServerResponse response;
    private final StreamKey key;
    private final EventFilter filter;
    private final Instant expiresAt;
    private final StreamSettings settings;
    private final ScheduledExecutorService pump;
    private final Clock clock;
    private final Runnable onClose;
    /** Next offset to read, per partition: what the cursor of the next event is built from. */
    private final Map<Integer, Long> positions;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Bytes handed to the response and not yet written to the socket: counted by hand from each
     * write's completion, because it is the bound that matters (Vert.x's own writeQueueFull() only
     * turns true once the socket refuses, after Netty has buffered without limit).
     */
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private long lastWriteNanos = System.nanoTime();
    private long queueFullSinceNanos;
    /** Empty polls in a row: right after data, poll again soon (the next fetch is on its way), later idle. */
    private int emptyPolls;

    EventStream(String topic, Consumer<byte[], byte[]> consumer, Map<Integer, Long> start, HttpServerResponse response,
                StreamKey key, EventFilter filter, Instant expiresAt, StreamSettings settings,
                ScheduledExecutorService pump, Clock clock, Runnable onClose) {
        this.topic = topic;
        this.consumer = consumer;
        this.positions = new TreeMap<>(start);
        this.response = response;
        this.key = key;
        this.filter = filter;
        this.expiresAt = expiresAt;
        this.settings = settings;
        this.pump = pump;
        this.clock = clock;
        this.onClose = onClose;
    }

    /** Sends the SSE headers and the opening comments, then starts pumping. */
    synchronized void start(List<String> comments) {
        StringBuilder opening = new StringBuilder(": sluice stream of ").append(topic).append('\n');
        for (String c : comments) {
            opening.append(": ").append(c).append('\n');
        }
        opening.append('\n');
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no")
                .closeHandler(v -> close("client closed"));
        response.write(opening.toString());
        schedule(0);
    }

    private void schedule(long delayMillis) {
        if (closed.get()) {
            return;
        }
        try {
            pump.schedule(this::pumpOnce, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            close("server stopping");
        }
    }

    private synchronized void pumpOnce() {
        if (closed.get()) {
            return;
        }
        try {
            if (!clock.instant().isBefore(expiresAt)) {
                end(": stream token expired\n\n", "token expired");
                return;
            }
            long now = System.nanoTime();
            if (pending.get() > settings.writeQueueBytes() || response.writeQueueFull()) {
                if (queueFullSinceNanos == 0) {
                    queueFullSinceNanos = now;
                } else if (now - queueFullSinceNanos > settings.slowClient().toNanos()) {
                    end("retry: " + SLOW_RETRY_MS + "\n: too slow to keep up: disconnected; reconnect with Last-Event-ID\n\n",
                            "slow client");
                    return;
                }
                schedule(20);
                return;
            }
            queueFullSinceNanos = 0;
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);
            StringBuilder frames = new StringBuilder();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                positions.put(r.partition(), r.offset() + 1);
                WebhookEvent event = decode(r.value());
                if (event == null) {
                    frames.append(": skipped a record that is not a Sluice event at partition ").append(r.partition())
                            .append(" offset ").append(r.offset()).append("\n\n");
                } else if (filter.matches(event)) {
                    frame(frames, new Cursor(positions).encode(key, topic), CloudEventJson.encode(event));
                }
            }
            if (frames.length() > 0) {
                write(frames.toString(), now);
            } else if (now - lastWriteNanos > settings.heartbeat().toNanos()) {
                write(": heartbeat\n\n", now);
            }
            emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
            schedule(emptyPolls == 0 ? 0 : emptyPolls <= BUSY_POLLS ? 2 : settings.idlePoll().toMillis());
        } catch (RuntimeException e) {
            LOG.warn("event=stream_failed topic={} error={}", topic, e.getClass().getName());
            end(": stream error: " + e.getClass().getSimpleName() + "\n\n", "error");
        }
    }

    /** One SSE frame; the JSON's lines (a provider payload may hold newlines) each become a data line. */
    static void frame(StringBuilder out, String id, byte[] json) {
        out.append("id: ").append(id).append('\n');
        String text = new String(json, StandardCharsets.UTF_8);
        for (String line : text.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
    }

    private static WebhookEvent decode(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return SingleObjectCodec.hasMarker(value) ? SingleObjectCodec.decode(value) : CloudEventJson.decode(value);
        } catch (Exception e) {
            return null;
        }
    }

    private void write(String text, long now) {
        Buffer b = Buffer.buffer(text);
        int n = b.length();
        pending.addAndGet(n);
        response.write(b).onComplete(ar -> pending.addAndGet(-n));
        lastWriteNanos = now;
    }

    private void end(String last, String reason) {
        if (!response.ended() && !response.closed()) {
            response.end(last);
        }
        close(reason);
    }

    /** Idempotent: stops pumping, closes the consumer (on a pump thread, under the lock), frees the slot. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("event=stream_closed topic={} reason={}", topic, reason);
        Runnable release = () -> {
            synchronized (this) {
                try {
                    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
                } catch (RuntimeException e) {
                    LOG.debug("event=stream_consumer_close_failed error={}", e.getClass().getName());
                } finally {
                    onClose.run();
                }
            }
        };
        try {
            pump.execute(release);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            release.run();
        }
    }

    /** Ends the response (server shutdown). */
    void shutdown() {
        end("retry: " + SLOW_RETRY_MS + "\n: server stopping\n\n", "server stopping");
    }
}
