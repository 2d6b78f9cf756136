package io.sluice.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The tests' one way to read what a topic holds: whole topics from the beginning with
 * {@code read_committed} (so records of aborted transactions, such as those of a killed processor,
 * never count), without a consumer group, up to the partitions' last stable offsets. It never stops
 * at a count it expects, so a duplicate already committed is always in what it returns.
 */
public final class TopicReader {
    private final String bootstrap;

    public TopicReader(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Hands every committed record of {@code topics} to {@code sink}, until {@code done} says so and
     * the last stable offset of every partition has been reached, or {@code timeout} passed. Returns
     * whether it finished before the timeout. A topic that does not exist is read as empty.
     */
    public boolean readAll(List<String> topics, Duration timeout, BooleanSupplier done,
                           Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                List<PartitionInfo> infos = c.partitionsFor(t, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(sink);
                if (done.getAsBoolean() && caughtUp(c, parts)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Every committed record of {@code topics}, from the beginning to their end (the last stable
     * offsets read once the topics exist).
     *
     * @throws AssertionError when a topic does not appear within 30 s or the end is not reached within {@code timeout}
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(List<String> topics, Duration timeout) {
        return readAtLeast(topics, 0, Duration.ZERO, timeout);
    }

    /**
     * Reads {@code topics} from the beginning until {@code expected} records arrived or {@code wait}
     * passed, and then on to their end (the last stable offsets at that moment), so that an extra
     * record already committed (a duplicate) is in the result too.
     *
     * @throws AssertionError when a topic does not appear within 30 s or the end is not reached within {@code toEnd}
     */
    public List<ConsumerRecord<byte[], byte[]>> readAtLeast(List<String> topics, int expected, Duration wait,
                                                            Duration toEnd) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props())) {
            List<TopicPartition> parts = partitions(c, topics);
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + wait.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long endDeadline = System.nanoTime() + toEnd.toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                if (System.nanoTime() > endDeadline) {
                    throw new AssertionError("could not read " + parts + " to their end " + end + " within " + toEnd);
                }
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The partitions of {@code topics}, waiting up to 30 s for each to exist (a topic the code under
     * test creates may appear a moment after the test starts reading).
     *
     * @throws AssertionError when a topic does not appear
     */
    public List<TopicPartition> partitions(List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props())) {
            return partitions(c, topics);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, List<String> topics) {
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : topics) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<PartitionInfo> infos = c.partitionsFor(t, Duration.ofSeconds(30));
            while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
                sleep(200);
                infos = c.partitionsFor(t, Duration.ofSeconds(30));
            }
            if (infos == null || infos.isEmpty()) {
                throw new AssertionError("topic " + t + " does not exist");
            }
            infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        }
        return parts;
    }

    private Properties props() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
        // with read_committed, endOffsets are the last stable offsets: nothing committed lies beyond them
        Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
        for (TopicPartition tp : parts) {
            if (c.position(tp, Duration.ofSeconds(10)) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
