package io.sluice.ingress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.config.SluiceConfig;
import io.sluice.topics.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Records every rejected delivery to {@code topics.rejections} for the admin API, off the hot path:
 * {@link #record} only offers a small object to a bounded queue (never blocks, never throws); one
 * background thread encodes and sends. When Kafka is away or slow the queue fills and further
 * rejections are dropped and counted ({@code sluice_ingress_rejections_dropped_total{cause}}), so
 * recording can neither slow nor fail an accepted delivery.
 *
 * <p>What the request thread pays per rejection is one uncontended lock and an array slot: the
 * background thread does not wait on the queue (that would make every offer wake it, a futex call
 * and a context switch per rejection on the event loop) but wakes every {@link #DRAIN_INTERVAL_NANOS}
 * and takes all that is queued. Header names are lower-cased, de-duplicated and sorted there too,
 * and the JSON is written by Jackson's streaming generator (no tree, no map). One record per
 * rejection, as the contract says.
 *
 * <p>A record ({@code key} = source name) holds: time, source, status, reason (the error code),
 * header NAMES (never a value: signatures and secrets travel in headers), body size and remote
 * address. JSON: {@code {"time":1764…,"source":"github","status":401,"reason":"invalid_signature",
 * "header_names":["content-type","x-hub-signature-256"],"body_bytes":120,"remote":"10.0.0.7"}}.
 */
final class RejectionRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionRecorder.class);
    static final int QUEUE_CAPACITY = 10_000;
    /** Header names kept per rejection (a request with thousands of headers stays small). */
    static final int MAX_HEADER_NAMES = 64;
    /** How often the background thread takes what is queued: 20 ms (50 wake-ups a second at most). */
    static final long DRAIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Rejections taken from the queue per pass (the queue is bounded anyway; this bounds the batch list). */
    private static final int DRAIN_BATCH = 1_000;
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_NAME_LENGTH = 100;

    /**
     * One rejected delivery.
     *
     * @param headerNames the request's header names as received (any case, maybe repeated): they are
     *                    normalized off the request thread, in {@link #encode}
     */
    record Rejection(long time, String source, int status, String reason, List<String> headerNames,
                     Long bodyBytes, String remote) {
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final BlockingQueue<Rejection> queue;
    private final Counter recorded;
    private final Counter droppedQueueFull;
    private final Counter droppedKafka;
    private final Thread drainer;
    private volatile boolean closing;

    RejectionRecorder(Producer<byte[], byte[]> producer, String topic, int capacity, MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.recorded = Counter.builder("sluice.ingress.rejections.recorded")
                .description("Rejected deliveries written to the rejections topic").register(registry);
        this.droppedQueueFull = dropped(registry, "queue_full");
        this.droppedKafka = dropped(registry, "kafka");
        this.drainer = new Thread(this::drain, "sluice-rejections");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    private static Counter dropped(MeterRegistry registry, String cause) {
        return Counter.builder("sluice.ingress.rejections.dropped")
                .description("Rejected deliveries not recorded (queue full while Kafka is slow or away, or the write failed)")
                .tag("cause", cause).register(registry);
    }

    /** A recorder with its own small producer: 1 MiB of buffer, acks=1, batches of up to 100 ms. */
    static RejectionRecorder start(SluiceConfig config, MeterRegistry registry) {
        Map<String, Object> p = KafkaClients.common(config);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-rejections");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 100);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 1024 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new RejectionRecorder(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()),
                config.topics().rejections(), QUEUE_CAPACITY, registry);
    }

    /** Queues a rejection; returns at once. Dropped (and counted) when the queue is full. */
    void record(Rejection r) {
        if (closing || !queue.offer(r)) {
            droppedQueueFull.increment();
        }
    }

    private void drain() {
        List<Rejection> batch = new ArrayList<>(Math.min(DRAIN_BATCH, 64));
        while (true) {
            boolean last = closing; // read before draining: whatever was queued before close() is sent
            batch.clear();
            queue.drainTo(batch, DRAIN_BATCH);
            for (Rejection r : batch) {
                send(r);
            }
            if (batch.size() == DRAIN_BATCH) {
                continue; // more waiting: no pause
            }
            if (last) {
                return;
            }
            LockSupport.parkNanos(this, DRAIN_INTERVAL_NANOS);
            if (Thread.interrupted()) {
                return;
            }
        }
    }

    private void send(Rejection r) {
        try {
            producer.send(new ProducerRecord<>(topic, r.source().getBytes(StandardCharsets.UTF_8), encode(r)),
                    (md, error) -> {
                        if (error == null) {
                            recorded.increment();
                        } else {
                            droppedKafka.increment();
                        }
                    });
        } catch (RuntimeException e) {
            // buffer full or no metadata within max.block.ms: Kafka is away; drop, count, go on
            droppedKafka.increment();
        }
    }

    /** The record's JSON, written field by field (no tree, no map, no reflection). */
    static byte[] encode(Rejection r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("time", r.time());
            g.writeStringField("source", r.source());
            g.writeNumberField("status", r.status());
            g.writeStringField("reason", r.reason());
            g.writeArrayFieldStart("header_names");
            for (String n : names(r.headerNames())) {
                g.writeString(n);
            }
            g.writeEndArray();
            if (r.bodyBytes() == null) {
                g.writeNullField("body_bytes");
            } else {
                g.writeNumberField("body_bytes", r.bodyBytes());
            }
            g.writeStringField("remote", r.remote());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** Lower-cased, de-duplicated, sorted, each cut to 100 characters, at most {@link #MAX_HEADER_NAMES}. */
    static List<String> names(List<String> raw) {
        TreeSet<String> names = new TreeSet<>();
        for (String n : raw) {
            if (names.size() >= MAX_HEADER_NAMES) {
                break;
            }
            String lower = n.toLowerCase(Locale.ROOT);
            names.add(lower.length() > MAX_NAME_LENGTH ? lower.substring(0, MAX_NAME_LENGTH) : lower);
        }
        return new ArrayList<>(names);
    }

    /** Rejections waiting to be sent (tests). */
    int queued() {
        return queue.size();
    }

    /** Sends what is queued (bounded by {@code timeout}), then closes the producer. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    void close(Duration timeout) {
        closing = true;
        LockSupport.unpark(drainer);
        try {
            drainer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainer.interrupt();
        producer.close(timeout);
        if (!queue.isEmpty()) {
            LOG.warn("event=rejections_not_recorded count={}", queue.size());
        }
    }
}
