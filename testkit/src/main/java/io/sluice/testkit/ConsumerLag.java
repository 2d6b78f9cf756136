package io.sluice.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The positive barrier that every exact-count check waits for: a consumer group (the processor's
 * {@code application.id}) has committed, on every partition of its input topics, the topic's end
 * offset. Only then is every output of every input record committed (exactly-once commits the
 * outputs and the input offsets in one transaction), so reading the output topics to their end
 * afterwards sees every record, duplicates that land late included.
 */
public final class ConsumerLag {
    private ConsumerLag() {
    }

    /**
     * Records of {@code topics} that {@code groupId} has not committed yet: the sum over partitions
     * of (end offset - committed offset), a partition without a committed offset counting from 0.
     */
    public static long lag(Admin admin, String groupId, Collection<String> topics) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p ->
                    latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            // read_committed: the last stable offset, so an open transaction's records are not waited for
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> end.put(tp, info.offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the lag of " + groupId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of " + groupId + " on " + topics + ": " + e, e);
        }
    }

    /**
     * Waits until {@link #lag} is 0. Returns false (never throws) when {@code timeout} passes first, so
     * that the caller can report how far behind the group was.
     */
    public static boolean awaitCaughtUp(String bootstrap, String groupId, Collection<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    if (lag(admin, groupId, topics) == 0) {
                        return true;
                    }
                } catch (IllegalStateException transientFailure) {
                    // a broker restarting or a group rebalancing: ask again until the deadline
                    if (Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
