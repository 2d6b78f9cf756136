package io.sluice.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.SluiceConfig;
import io.sluice.topics.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admin API's view of {@code topics.rejections}: one thread reads the topic (every partition,
 * no consumer group) from 24 hours ago on, and keeps per source the latest {@link #KEPT_PER_SOURCE}
 * rejections and per-minute counts by reason for 24 hours. Memory stays bounded: at most
 * {@link #MAX_SOURCES} source names, 1440 minutes each.
 */
final class RejectionsView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionsView.class);
    static final int KEPT_PER_SOURCE = 500;
    static final int MAX_SOURCES = 1000;
    static final long DAY_MS = Duration.ofHours(24).toMillis();
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One rejected delivery as the ingress recorded it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejection(long time, String source, int status, String reason,
                     @JsonProperty("header_names") List<String> headerNames,
                     @JsonProperty("body_bytes") Long bodyBytes, String remote) {
    }

    private final Clock clock;
    private final Map<String, Deque<Rejection>> latest = new HashMap<>();
    /** source -> minute (epoch ms / 60000) -> reason -> count */
    private final Map<String, TreeMap<Long, Map<String, Long>>> perMinute = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean running = true;

    RejectionsView(Clock clock) {
        this(clock, null, null);
    }

    private RejectionsView(Clock clock, KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.clock = clock;
        this.consumer = consumer;
        this.topic = topic;
        this.thread = consumer == null ? null : new Thread(this::run, "sluice-admin-rejections");
    }

    /** Starts reading {@code topics.rejections}. */
    static RejectionsView start(SluiceConfig config, Clock clock) {
        Map<String, Object> p = KafkaClients.common(config);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-admin-rejections");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        RejectionsView view = new RejectionsView(clock, c, config.topics().rejections());
        view.thread.setDaemon(true);
        view.thread.start();
        return view;
    }

    private void run() {
        try {
            List<TopicPartition> parts = new ArrayList<>();
            while (running && parts.isEmpty()) {
                for (PartitionInfo pi : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    parts.add(new TopicPartition(pi.topic(), pi.partition()));
                }
            }
            consumer.assign(parts);
            Map<TopicPartition, Long> at = new HashMap<>();
            parts.forEach(tp -> at.put(tp, clock.millis() - DAY_MS));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(at, Duration.ofSeconds(30));
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp o = offsets.get(tp);
                if (o != null) {
                    consumer.seek(tp, o.offset());
                } else {
                    consumer.seekToEnd(List.of(tp)); // nothing in the last 24 h
                }
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    add(r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("event=rejections_view_failed error={}", e.getClass().getName());
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Adds one record of the topic (unreadable records are skipped). */
    synchronized void add(byte[] json) {
        Rejection r;
        try {
            r = JSON.readValue(json, Rejection.class);
        } catch (IOException e) {
            return;
        }
        if (r.source() == null || (!latest.containsKey(r.source()) && latest.size() >= MAX_SOURCES)) {
            return;
        }
        Deque<Rejection> q = latest.computeIfAbsent(r.source(), k -> new ArrayDeque<>());
        q.addFirst(r);
        if (q.size() > KEPT_PER_SOURCE) {
            q.removeLast();
        }
        TreeMap<Long, Map<String, Long>> minutes = perMinute.computeIfAbsent(r.source(), k -> new TreeMap<>());
        minutes.computeIfAbsent(r.time() / 60_000, k -> new HashMap<>())
                .merge(r.reason() == null ? "unknown" : r.reason(), 1L, Long::sum);
        minutes.headMap((clock.millis() - DAY_MS) / 60_000).clear();
    }

    /** The latest rejections of a source, newest first. */
    synchronized List<Rejection> recent(String source, int limit) {
        Deque<Rejection> q = latest.get(source);
        if (q == null) {
            return List.of();
        }
        return q.stream().limit(limit).toList();
    }

    /** Rejections by reason since {@code since} (epoch ms). */
    synchronized Map<String, Long> byReason(String source, long since) {
        Map<String, Long> out = new TreeMap<>();
        TreeMap<Long, Map<String, Long>> minutes = perMinute.get(source);
        if (minutes != null) {
            minutes.tailMap(since / 60_000, true).values().forEach(m -> m.forEach((k, v) -> out.merge(k, v, Long::sum)));
        }
        return out;
    }

    /** Rejections per minute (all reasons) from {@code fromMinute} on, as minute -> count. */
    synchronized Map<Long, Long> perMinute(String source, long fromMinute) {
        Map<Long, Long> out = new LinkedHashMap<>();
        TreeMap<Long, Map<String, Long>> minutes = perMinute.get(source);
        if (minutes != null) {
            minutes.tailMap(fromMinute, true).forEach((m, reasons) ->
                    out.put(m, reasons.values().stream().mapToLong(Long::longValue).sum()));
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
