package io.sluice.bench.harness;

import io.sluice.config.SourceConfig;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency: from the ingress's 200 to the event being readable, with
 * {@code read_committed}, on the topic it is routed to (after the processor's dedupe, normalization
 * and exactly-once commit). While wrk keeps the ingress at a given rate, a prober sends its own
 * unique signed deliveries on a fixed schedule (one at a time, so each 200 is timed exactly) and a
 * consumer on the output topics notes when each prober event becomes readable (by its
 * {@code ce_id} header). Both clocks are this JVM's {@code System.nanoTime()}.
 */
final class EndToEnd {
    /**
     * @param probes  prober deliveries answered 200
     * @param seen    of those, read from an output topic within the wait
     * @param latency 200 → readable, ns
     */
    record Result(long probes, long seen, long refused, Histogram latency, double probeRate) {
        double p(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /**
     * One end-to-end measurement at one offered rate, with the processor's progress on the raw topic
     * over wrk's run: its lag (raw end offsets minus the processor's committed offsets) at the start
     * and the end, the records the ingress appended and the processor committed meanwhile.
     *
     * @param label what the rate is (half the ingress's max, half the processor's drain rate)
     */
    record Measured(String label, double rate, Result result, Wrk.Result load, Lag start, Lag end) {
        double seconds() {
            return Math.max(1e-3, (end.atNanos() - start.atNanos()) / 1e9);
        }

        /** Raw records the ingress appended per second over the run. */
        double appendedPerSec() {
            return (end.endOffsets() - start.endOffsets()) / seconds();
        }

        /** Raw records the processor committed per second over the run (its drain rate). */
        double processedPerSec() {
            return (end.committed() - start.committed()) / seconds();
        }

        /** Kept up: the lag grew by less than one second of the ingress's input over the run. */
        boolean keptUp() {
            return end.lag() - start.lag() <= Math.max(1, appendedPerSec());
        }
    }

    /** The raw topic's end offsets and the processor's committed offsets (summed over partitions) at one time. */
    record Lag(long endOffsets, long committed, long atNanos) {
        long lag() {
            return Math.max(0, endOffsets - committed);
        }

        static Lag sample(org.apache.kafka.clients.admin.Admin admin, String group, String topic) throws Exception {
            long at = System.nanoTime();
            List<TopicPartition> parts = new ArrayList<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> spec = new java.util.HashMap<>();
            parts.forEach(tp -> spec.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long end = admin.listOffsets(spec).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            long committed = ProcessorStage.committed(admin, group, topic);
            return new Lag(end, committed, at);
        }
    }

    private EndToEnd() {
    }

    /**
     * Starts the consumer and the prober; {@code load} runs meanwhile (wrk at the chosen rate) and
     * its end ends the probing; then waits at most {@code wait} for the last probes to appear.
     */
    static Result run(String bootstrap, List<String> outputTopics, SourceConfig source, String run, int port, int size,
                      double probeRate, Duration probeFor, Duration wait, Load load) throws Exception {
        int count = (int) Math.max(10, probeRate * probeFor.toSeconds());
        List<Req> reqs = Deliveries.signed(source, run + "-e2e", count, size);
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        Map<String, Long> readAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : outputTopics) {
            consumer.partitionsFor(t).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        Thread reader = new Thread(() -> {
            try {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        Header id = r.headers().lastHeader("ce_id");
                        if (id != null) {
                            readAt.putIfAbsent(new String(id.value(), StandardCharsets.UTF_8), System.nanoTime());
                        }
                    }
                }
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, "bench-e2e-reader");
        reader.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] refused = {0};
        Thread prober = new Thread(() -> {
            long start = System.nanoTime();
            double interval = 1e9 / probeRate;
            for (int i = 0; i < reqs.size(); i++) {
                long due = start + (long) (i * interval);
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                }
                Req r = reqs.get(i);
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.uri()))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(r.body().getBytes()));
                r.headers().forEach(h -> {
                    if (!h.getKey().equalsIgnoreCase("host") && !h.getKey().equalsIgnoreCase("content-length")) {
                        b.header(h.getKey(), h.getValue());
                    }
                });
                try {
                    HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    long at = System.nanoTime();
                    String id = idOf(resp.body());
                    if (resp.statusCode() == 200 && id != null) {
                        answeredAt.put(id, at);
                    } else {
                        refused[0]++;
                    }
                } catch (IOException e) {
                    refused[0]++;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-e2e-prober");
        prober.start();
        load.run();
        prober.join(probeFor.toMillis() + 30_000);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && !readAt.keySet().containsAll(answeredAt.keySet())) {
            Thread.sleep(50);
        }
        stop.set(true);
        reader.join(10_000);
        Histogram h = new Histogram(3);
        long seen = 0;
        for (Map.Entry<String, Long> e : answeredAt.entrySet()) {
            Long read = readAt.get(e.getKey());
            if (read != null) {
                seen++;
                h.recordValue(Math.max(0, read - e.getValue()));
            } else {
                // never seen within the wait: counted at the wait's length, so it shows in the tail
                h.recordValue(Math.max(0, deadline - e.getValue()));
            }
        }
        return new Result(answeredAt.size(), seen, refused[0], h, probeRate);
    }

    /** What runs while the prober probes (wrk at half the max rate). */
    interface Load {
        void run() throws Exception;
    }

    private static String idOf(String body) {
        int i = body.indexOf("\"id\":\"");
        if (i < 0) {
            return null;
        }
        int from = i + 6;
        int to = body.indexOf('"', from);
        return to < 0 ? null : body.substring(from, to);
    }

    static long waitMs(Duration d) {
        return TimeUnit.NANOSECONDS.toMillis(d.toNanos());
    }
}
