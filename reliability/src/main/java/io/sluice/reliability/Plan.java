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
 */
public record Plan(String name, double rate, int threads, double redeliveryShare, int processorKills, int ingressKills,
                   int brokerRestarts, Duration minGap, Duration maxGap, Duration brokerDown, Duration drainTimeout,
                   Duration sessionTimeout, long seed) {

    /** What {@code mvn verify} runs: every kind of fault, few of each (about 2 minutes). */
    public static Plan shortRun(long seed) {
        return new Plan("short", 40, 8, 0.3, 3, 2, 1, Duration.ofSeconds(3), Duration.ofSeconds(7),
                Duration.ofSeconds(8), Duration.ofSeconds(90), Duration.ofSeconds(6), seed);
    }

    /** What {@code reliability/run} runs: 20 processor kills, 5 ingress kills, 3 broker restarts (10-15 minutes). */
    public static Plan longRun(long seed) {
        return new Plan("long", 80, 12, 0.3, 20, 5, 3, Duration.ofSeconds(3), Duration.ofSeconds(15),
                Duration.ofSeconds(15), Duration.ofSeconds(240), Duration.ofSeconds(10), seed);
    }

    /** The same plan with Kafka's default session timeout (realistic restart stalls, much longer run). */
    public Plan withDefaultSessionTimeout() {
        return new Plan(name, rate, threads, redeliveryShare, processorKills, ingressKills, brokerRestarts, minGap,
                maxGap, brokerDown, drainTimeout, null, seed);
    }

    public static Plan named(String name, long seed) {
        return switch (name) {
            case "long" -> longRun(seed);
            case "short" -> shortRun(seed);
            default -> throw new IllegalArgumentException("plan must be short or long, not " + name);
        };
    }
}
