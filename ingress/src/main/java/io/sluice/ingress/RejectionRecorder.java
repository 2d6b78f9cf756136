package io.sluice.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records every rejected delivery to {@code topics.rejections} for the admin API, off the hot path:
 * {@link #record} only offers a small object to a bounded queue (never blocks, never throws); one
 * background thread encodes and sends. When Kafka is away or slow the queue fills and further
 * rejections are dropped and counted ({@code sluice_ingress_rejections_dropped_total{cause}}), so
 * recording can neither slow nor fail an accepted delivery.
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

    /** One rejected delivery. */
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
    private final ObjectMapper json = new ObjectMapper();
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
        while (!closing || !queue.isEmpty()) {
            Rejection r;
            try {
                r = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (r == null) {
                continue;
            }
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
    }

    byte[] encode(Rejection r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.time());
        m.put("source", r.source());
        m.put("status", r.status());
        m.put("reason", r.reason());
        m.put("header_names", r.headerNames());
        m.put("body_bytes", r.bodyBytes());
        m.put("remote", r.remote());
        try {
            return json.writeValueAsBytes(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
