package io.sluice.reliability;

import java.time.Duration;

/**
 * How hard a fault-injection run pushes.
 *
 * @param name             "short" or "long"
 * @param rate             deliveries per second (all threads together)
 * @param threads          sender threads
 * @param redeliveryShare  share of requests that redeliver an event sent before
 * @param processorKills   SIGKILLs of the processor
 * @param ingressKills     SIGKILLs of the ingress
 * @param brokerRestarts   orderly stops and restarts of the broker
 * @param minGap           shortest pause between two faults
 * @param maxGap           longest pause between two faults
 * @param brokerDown       how long the broker stays down each time
 * @param drainTimeout     how long the audit waits for every accepted event to come out
 * @param sessionTimeout   the processor's consumer {@code session.timeout.ms} (via {@code kafka.properties}), or
 *                         null for Kafka's default (45 s): a SIGKILLed member's partitions stay assigned to it until
 *                         then, so this is how long processing stalls after each kill
 * @param seed             random seed of the load and of the fault schedule
 * @param brokers          Kafka nodes: 1 (stopped and restarted) or 3 (a KRaft quorum, replication 3, min ISR 2,
 *                         one node SIGKILLed at a time: the leader of the raw topic's busiest partition)
 * @param processors       processor instances (with {@code standby-replicas: 1} when more than one)
 */
public record Plan(String name, double rate, int threads, double redeliveryShare, int processorKills, int ingressKills,
                   int brokerRestarts, Duration minGap, Duration maxGap, Duration brokerDown, Duration drainTimeout,
                   Duration sessionTimeout, long seed, int brokers, int processors) {

    /** What {@code mvn verify} runs: every kind of fault, few of each (about 2 minutes). */
    public static Plan shortRun(long seed) {
        // The broker stays down 12 s, over twice the ingress's 5 s kafka-timeout: senders caught with a
        // request in flight when the broker stops are freed after 5 s, and what they send next must also
        // time out (503) before the broker returns. With 8 s that second request was answered 200 after
        // the restart, so an outage could show no 503 at all and the check "503 while down" failed by chance.
        return new Plan("short", 40, 8, 0.3, 3, 2, 1, Duration.ofSeconds(3), Duration.ofSeconds(7),
                Duration.ofSeconds(12), Duration.ofSeconds(90), Duration.ofSeconds(6), seed, 1, 1);
    }

    /** What {@code reliability/run} runs: 20 processor kills, 5 ingress kills, 3 broker restarts (10-15 minutes). */
    public static Plan longRun(long seed) {
        return new Plan("long", 80, 12, 0.3, 20, 5, 3, Duration.ofSeconds(3), Duration.ofSeconds(15),
                Duration.ofSeconds(15), Duration.ofSeconds(240), Duration.ofSeconds(10), seed, 1, 1);
    }

    /**
     * What {@code mvn verify} runs on three brokers (about 3 minutes): 2 broker SIGKILLs, 2 processor
     * SIGKILLs (of either instance), 1 ingress SIGKILL.
     */
    public static Plan clusterShortRun(long seed) {
        return new Plan("cluster-short", 30, 6, 0.3, 2, 1, 2, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(8), Duration.ofSeconds(150), Duration.ofSeconds(6), seed, 3, 2);
    }

    /**
     * What {@code reliability/run --brokers 3} runs: a broker SIGKILL about every minute (10 of them),
     * 10 processor and 3 ingress SIGKILLs in between (about 12 minutes).
     */
    public static Plan clusterLongRun(long seed) {
        return new Plan("cluster-long", 60, 10, 0.3, 10, 3, 10, Duration.ofSeconds(15), Duration.ofSeconds(35),
                Duration.ofSeconds(15), Duration.ofSeconds(300), Duration.ofSeconds(10), seed, 3, 2);
    }

    /**
     * {@code reliability/run --soak 30m}: a fault about every minute for {@code length} (processor SIGKILLs
     * half of them, ingress SIGKILLs and broker faults a quarter each) at 40 deliveries/s, with the
     * services' RSS and open file descriptors sampled ({@link ResourceSampler}).
     */
    public static Plan soak(Duration length, int brokers, long seed) {
        int faults = (int) Math.max(4, length.toMinutes());
        int broker = Math.max(1, faults / 4);
        int ingress = Math.max(1, faults / 4);
        return new Plan("soak-" + length.toMinutes() + "m" + (brokers > 1 ? "-cluster" : ""), 40, 8, 0.3,
                faults - broker - ingress, ingress, broker, Duration.ofSeconds(45), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofSeconds(6), seed, brokers,
                brokers > 1 ? 2 : 1);
    }

    /** Whether this is a soak (resources sampled). */
    public boolean soak() {
        return name.startsWith("soak-");
    }

    /** The same plan with Kafka's default session timeout (realistic restart stalls, much longer run). */
    public Plan withDefaultSessionTimeout() {
        return new Plan(name, rate, threads, redeliveryShare, processorKills, ingressKills, brokerRestarts, minGap,
                maxGap, brokerDown, drainTimeout, null, seed, brokers, processors);
    }

    /**
     * The same plan at another load: {@code rate} deliveries per second, with at least one sender thread per
     * 5/s (each thread sends one request at a time and waits for its answer, so a thread needs about 200 ms per
     * request or less to hold its share of the rate).
     */
    public Plan withRate(double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, not " + rate);
        }
        int t = Math.max(threads, (int) Math.ceil(rate / 5));
        return new Plan(name, rate, t, redeliveryShare, processorKills, ingressKills, brokerRestarts, minGap,
                maxGap, brokerDown, drainTimeout, sessionTimeout, seed, brokers, processors);
    }

    public static Plan named(String name, long seed) {
        if (name.startsWith("soak-")) {
            // soak-<minutes>m[-cluster]
            String m = name.substring(5).replace("-cluster", "");
            return soak(Duration.ofMinutes(Long.parseLong(m.substring(0, m.length() - 1))),
                    name.endsWith("-cluster") ? 3 : 1, seed);
        }
        return switch (name) {
            case "long" -> longRun(seed);
            case "short" -> shortRun(seed);
            case "cluster-short" -> clusterShortRun(seed);
            case "cluster-long" -> clusterLongRun(seed);
            default -> throw new IllegalArgumentException("plan must be short, long, cluster-short or cluster-long, not "
                    + name);
        };
    }
}
