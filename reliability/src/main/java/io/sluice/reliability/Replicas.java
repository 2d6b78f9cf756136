package io.sluice.reliability;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What the harness sees of replication in a multi-broker {@link Cluster}: which node leads the raw
 * topic's busiest partition (the first broker to kill), whether every replica is back in sync after a
 * restart, and a sampler of the raw topic's smallest in-sync replica set over the run (so that 503s can
 * be set against it). It asks Kafka through its own short-timeout admin client.
 */
final class Replicas implements AutoCloseable {
    /** One sample: when (nanoTime) and the smallest ISR over the raw topic's partitions (0: not known). */
    record Sample(long nanos, int minIsr) {
    }

    private final Admin admin;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private volatile boolean sampling;
    private Thread sampler;

    Replicas(Cluster cluster) {
        this.admin = Admin.create(cluster.adminProps());
    }

    /** Node id of the leader of the raw partition with the highest end offset. */
    int leaderOfBusiestRawPartition() {
        try {
            TopicDescription d = admin.describeTopics(List.of(Cluster.RAW_TOPIC)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Cluster.RAW_TOPIC);
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            d.partitions().forEach(p -> specs.put(new TopicPartition(Cluster.RAW_TOPIC, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(specs).all().get(10, TimeUnit.SECONDS);
            TopicPartitionInfo busiest = d.partitions().get(0);
            long most = -1;
            for (TopicPartitionInfo p : d.partitions()) {
                long end = ends.get(new TopicPartition(Cluster.RAW_TOPIC, p.partition())).offset();
                if (end > most && p.leader() != null) {
                    most = end;
                    busiest = p;
                }
            }
            if (busiest.leader() == null) {
                throw new IllegalStateException("raw partition " + busiest.partition() + " has no leader");
            }
            return busiest.leader().id();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the busiest raw partition's leader: " + e, e);
        }
    }

    /** Waits until every partition of every topic has all its replicas in sync. */
    void awaitAllInSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not asked";
        while (System.nanoTime() < deadline) {
            try {
                var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                        .names().get(5, TimeUnit.SECONDS);
                var all = admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
                List<String> behind = new ArrayList<>();
                all.values().forEach(t -> t.partitions().forEach(p -> {
                    if (p.isr().size() < p.replicas().size() || p.leader() == null) {
                        behind.add(t.name() + "-" + p.partition());
                    }
                }));
                if (behind.isEmpty()) {
                    return;
                }
                last = behind.size() + " partitions not fully in sync, e.g. " + behind.subList(0, Math.min(5, behind.size()));
            } catch (Exception e) {
                last = e.toString();
            }
            Cluster.sleep(500);
        }
        throw new IllegalStateException("replicas not in sync within " + timeout + ": " + last);
    }

    /** The smallest in-sync replica set over the raw topic's partitions now (0 when Kafka does not answer). */
    int rawMinIsr() {
        try {
            TopicDescription d = admin.describeTopics(List.of(Cluster.RAW_TOPIC)).allTopicNames()
                    .get(3, TimeUnit.SECONDS).get(Cluster.RAW_TOPIC);
            return d.partitions().stream().mapToInt(p -> p.leader() == null ? 0 : p.isr().size()).min().orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }

    /** Samples {@link #rawMinIsr()} about twice a second until {@link #close()}. */
    void startSampling() {
        sampling = true;
        sampler = new Thread(() -> {
            while (sampling) {
                samples.add(new Sample(System.nanoTime(), rawMinIsr()));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "reliability-isr-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * The smallest ISR sampled around {@code nanos}: the lower of the samples just before and just
     * after (so a request is counted as "in sync" only when both neighbours say so). 0 when unknown.
     */
    static int minIsrAround(List<Sample> samples, long nanos) {
        int before = 0;
        int after = 0;
        for (Sample s : samples) {
            if (s.nanos() <= nanos) {
                before = s.minIsr();
            } else {
                after = s.minIsr();
                break;
            }
        }
        return Math.min(before, after);
    }

    @Override
    public void close() {
        sampling = false;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        admin.close(Duration.ofSeconds(5));
    }
}
