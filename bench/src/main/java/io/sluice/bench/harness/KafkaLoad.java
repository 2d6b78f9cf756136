package io.sluice.bench.harness;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Kafka's own ceiling for the ingress's records, in its own JVM: records as the ingress writes
 * them (key {@code bench:<64 hex>}, the body, {@code sluice.*} headers of the same sizes), with the
 * ingress's producer guarantees (acks=all, idempotent, the same linger.ms), either as fast as the
 * producer takes them ({@code rate == 0}: the ceiling) or on a fixed schedule ({@code rate > 0}:
 * the same offered rate as an HTTP run, latency from each record's intended send time to its ack).
 *
 * <p>{@code KafkaLoad BOOTSTRAP TOPIC SIZE SECONDS RATE} prints {@code BENCH KAFKA k=v ...}.
 */
public final class KafkaLoad {
    private KafkaLoad() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int size = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        double rate = Double.parseDouble(args[4]);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-kafka-load");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, Relay.INGRESS_LINGER_MS);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        byte[] source = "bench".getBytes(StandardCharsets.UTF_8);
        byte[] type = "index-completed".getBytes(StandardCharsets.UTF_8);
        byte[] json = "application/json".getBytes(StandardCharsets.UTF_8);
        Histogram latency = new ConcurrentHistogram(3);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        HexFormat hex = HexFormat.of();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.partitionsFor(topic);
            // warm-up: a fifth of the time, not counted (JIT, first batches, broker paths)
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, seconds / 5));
            long seq = 0;
            while (System.nanoTime() < warmupEnd) {
                producer.send(record(topic, seq++, size, hex, source, type, json), (md, e) -> { });
                if (rate > 0) {
                    LockSupport.parkNanos((long) (1e9 / rate));
                }
            }
            producer.flush();
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            long sent = 0;
            double interval = rate > 0 ? 1e9 / rate : 0;
            while (true) {
                long now = System.nanoTime();
                long intended = rate > 0 ? t0 + (long) (sent * interval) : now;
                if (intended >= end || (rate <= 0 && now >= end)) {
                    break;
                }
                if (intended > now) {
                    LockSupport.parkNanos(Math.min(intended - now, 1_000_000));
                    continue;
                }
                long at = intended;
                producer.send(record(topic, seq++, size, hex, source, type, json), (md, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                        latency.recordValue(Math.max(0, System.nanoTime() - at));
                    } else {
                        failed.incrementAndGet();
                    }
                });
                sent++;
            }
            producer.flush();
            double secs = (System.nanoTime() - t0) / 1e9;
            long cpu = cpuNanos() - cpu0;
            System.out.printf(java.util.Locale.ROOT,
                    "BENCH KAFKA sent=%d acked=%d failed=%d seconds=%.3f perSec=%.1f p50=%.3f p99=%.3f p999=%.3f max=%.3f cpuMs=%d%n",
                    sent, acked.get(), failed.get(), secs, acked.get() / secs, latency.getValueAtPercentile(50) / 1e6,
                    latency.getValueAtPercentile(99) / 1e6, latency.getValueAtPercentile(99.9) / 1e6,
                    latency.getMaxValue() / 1e6, cpu / 1_000_000);
            producer.close(Duration.ofSeconds(10));
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, long seq, int size, HexFormat hex, byte[] source,
                                                         byte[] type, byte[] json) {
        // 32 bytes of identity, as hex: the length of the ingress's SHA-256 event id
        byte[] id = new byte[32];
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (seq >>> (8 * i));
        }
        String eventId = hex.formatHex(id);
        RecordHeaders h = new RecordHeaders();
        h.add("sluice.source", source);
        h.add("sluice.event-id", eventId.getBytes(StandardCharsets.UTF_8));
        h.add("sluice.event-type", type);
        h.add("sluice.received-at", Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
        h.add("content-type", json);
        byte[] body = Deliveries.body("kafka", seq, size, "index-completed", System.currentTimeMillis() / 1000);
        return new ProducerRecord<>(topic, null, ("bench:" + eventId).getBytes(StandardCharsets.UTF_8), body, h);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
