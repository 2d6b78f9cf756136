package io.sluice.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The figures of one fault-injection run, and the verdicts drawn from them.
 *
 * @param plan            what was run
 * @param elapsedSeconds  wall time
 * @param events          distinct events sent
 * @param requests        HTTP attempts
 * @param redeliveries    attempts that redelivered an event sent before
 * @param statuses        answers by status (-1 connection error, -2 client timeout)
 * @param missingRetryAfter 503s without {@code Retry-After}
 * @param unansweredOutsideFaults requests that got no answer (connection error, client timeout) although no
 *                        ingress kill or broker outage was under way: a hung or dropping ingress
 * @param faults          each fault: kind, when, how long until the service was back, process ids
 * @param evidence        each fault as observed (process ids before and after, ready again)
 * @param outages         per broker outage: what the ingress answered while the broker was down
 * @param delivery        what the routed topics hold
 * @param store           raw topic and dedupe store figures
 * @param leaks           secrets or signatures found in the services' logs
 * @param logs            where the services' logs are
 * @param availability    the multi-broker figures (null on one broker, where they do not apply)
 * @param loadSeconds     how long the load ran (0 when unknown): with {@code requests} the rate actually sent
 */
public record ChaosReport(Plan plan, double elapsedSeconds, int events, int requests, int redeliveries,
                          Map<Integer, Integer> statuses, int missingRetryAfter, int unansweredOutsideFaults,
                          List<String> faults, List<FaultEvidence> evidence, List<OutageFigures> outages, Audit.Delivery delivery, Audit.Store store, List<String> leaks,
                          Path logs, Availability availability, double loadSeconds) {

    /** A report without multi-broker figures. */
    public ChaosReport(Plan plan, double elapsedSeconds, int events, int requests, int redeliveries,
                       Map<Integer, Integer> statuses, int missingRetryAfter, int unansweredOutsideFaults,
                       List<String> faults, List<FaultEvidence> evidence, List<OutageFigures> outages,
                       Audit.Delivery delivery, Audit.Store store, List<String> leaks, Path logs) {
        this(plan, elapsedSeconds, events, requests, redeliveries, statuses, missingRetryAfter, unansweredOutsideFaults,
                faults, evidence, outages, delivery, store, leaks, logs, null, 0);
    }

    /** This report with the given multi-broker figures. */
    public ChaosReport withAvailability(Availability a) {
        return new ChaosReport(plan, elapsedSeconds, events, requests, redeliveries, statuses, missingRetryAfter,
                unansweredOutsideFaults, faults, evidence, outages, delivery, store, leaks, logs, a, loadSeconds);
    }

    /** This report with the time the load ran. */
    public ChaosReport withLoadSeconds(double seconds) {
        return new ChaosReport(plan, elapsedSeconds, events, requests, redeliveries, statuses, missingRetryAfter,
                unansweredOutsideFaults, faults, evidence, outages, delivery, store, leaks, logs, availability, seconds);
    }

    /**
     * What a multi-broker run measured of availability.
     *
     * @param brokers             Kafka nodes
     * @param processors          processor instances
     * @param unavailable         503 answers in all
     * @param unavailableInSync   503s to requests sent while every raw partition had at least 2 replicas in sync
     *                            (by the samples before and after the request)
     * @param unavailableOutsideFaults 503s to requests that overlapped no ingress kill and no broker kill window
     * @param isrSamples          how often the raw topic's in-sync replicas were sampled
     * @param isrSamplesUnderTwo  samples in which some raw partition had fewer than 2 replicas in sync (or no leader)
     * @param minIsrSeen          the smallest in-sync replica count sampled
     * @param longestStallSeconds the longest time without any 200 answer while the load ran
     * @param longestStallAt      when it began, seconds from the start of the run
     */
    public record Availability(int brokers, int processors, int unavailable, int unavailableInSync,
                               int unavailableOutsideFaults, int isrSamples, int isrSamplesUnderTwo, int minIsrSeen,
                               double longestStallSeconds, double longestStallAt) {
    }

    /**
     * Answers to requests sent after the broker had stopped and before it was started again.
     *
     * @param downSeconds     how long it was down
     * @param ok              200s answered before the broker was started again (must be 0)
     * @param okAfterRestart  200s answered once it was back (the write waited and Kafka acknowledged it)
     * @param unavailable     503s
     * @param noAnswer        connection errors and client timeouts
     * @param other           any other status
     * @param recoverySeconds from the restart to the first 200 of a request sent after it (-1: never)
     */
    public record OutageFigures(double downSeconds, int ok, int okAfterRestart, int unavailable, int noAnswer, int other,
                                double recoverySeconds) {
    }

    /**
     * What was seen of one injected fault.
     *
     * @param kind       processor, ingress or broker
     * @param pidBefore  the process killed or stopped
     * @param pidAfter   the process running afterwards
     * @param readyAgain whether it was alive and ready again
     */
    public record FaultEvidence(String kind, long pidBefore, long pidAfter, boolean readyAgain) {
    }

    public int status(int code) {
        return statuses.getOrDefault(code, 0);
    }

    /** Statuses other than 200 and 503 (a valid signed delivery must get one of these two). */
    public int unexpectedStatuses() {
        int n = 0;
        for (Map.Entry<Integer, Integer> e : statuses.entrySet()) {
            if (e.getKey() > 0 && e.getKey() != 200 && e.getKey() != 503) {
                n += e.getValue();
            }
        }
        return n;
    }

    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("== Sluice reliability: ").append(plan.name()).append(" run (seed ").append(plan.seed()).append(") ==\n");
        b.append(String.format("wall time               %.0f s%n", elapsedSeconds));
        b.append(String.format("faults                  %d processor SIGKILL, %d ingress SIGKILL, %d broker %s%n",
                plan.processorKills(), plan.ingressKills(), plan.brokerRestarts(),
                plan.brokers() > 1 ? "SIGKILL (leader of the busiest raw partition)" : "stop/start"));
        b.append("processor session       ").append(plan.sessionTimeout() == null ? "Kafka default (45 s)"
                : plan.sessionTimeout().toMillis() + " ms").append(" (a killed processor's partitions wait this long)\n");
        b.append(String.format("load                    %.0f deliveries/s asked from %d sender threads", plan.rate(),
                plan.threads()));
        if (loadSeconds > 0) {
            b.append(String.format(", %.1f/s sent over %.0f s", requests / loadSeconds, loadSeconds));
        }
        b.append('\n');
        b.append("fault log               ").append(String.join(" ", faults)).append('\n');
        b.append(String.format("requests                %d (%d redeliveries, %.0f%%), %d distinct events%n", requests,
                redeliveries, requests == 0 ? 0.0 : 100.0 * redeliveries / requests, events));
        b.append(String.format("answers                 200: %d, 503: %d, connection errors: %d, client timeouts: %d, other: %d %s%n",
                status(200), status(503), status(Ledger.CONNECTION_ERROR), status(Ledger.TIMEOUT), unexpectedStatuses(),
                statuses));
        b.append(String.format("503 without Retry-After %d%n", missingRetryAfter));
        b.append(String.format("no answer outside faults %d (connection errors or timeouts while nothing was down)%n",
                unansweredOutsideFaults));
        for (int i = 0; i < outages.size(); i++) {
            OutageFigures o = outages.get(i);
            b.append(String.format("broker outage %d         down %.1f s, requests sent meanwhile: 200 before restart: %d, 200 after restart: %d, 503: %d, no answer: %d, other: %d; first new 200 %.1f s after restart%n",
                    i + 1, o.downSeconds(), o.ok(), o.okAfterRestart(), o.unavailable(), o.noAnswer(), o.other(), o.recoverySeconds()));
        }
        if (availability != null) {
            Availability a = availability;
            b.append(String.format("cluster                 %d brokers (replication 3, min.insync.replicas 2), %d processors (standby-replicas 1)%n",
                    a.brokers(), a.processors()));
            b.append(String.format("in-sync replicas        %d samples of the raw topic, smallest ISR %d, %d samples with fewer than 2%n",
                    a.isrSamples(), a.minIsrSeen(), a.isrSamplesUnderTwo()));
            b.append(String.format("503 answers             %d in all, %d while >= 2 replicas were in sync, %d outside every kill window%n",
                    a.unavailable(), a.unavailableInSync(), a.unavailableOutsideFaults()));
            b.append(String.format("longest stall           %.1f s without any 200 (from %.1f s into the run)%n",
                    a.longestStallSeconds(), a.longestStallAt()));
        }
        b.append(String.format("accepted (got a 200)    %d events%n", delivery.accepted()));
        b.append(String.format("delivered exactly once  %d%n", delivery.delivered()));
        b.append(String.format("lost                    %d %s%n", delivery.lost().size(), sample(delivery.lost())));
        b.append(String.format("duplicated              %d %s%n", delivery.duplicated().size(), sample(delivery.duplicated())));
        b.append(String.format("misrouted               %d %s%n", delivery.misrouted().size(), sample(delivery.misrouted())));
        b.append(String.format("corrupt envelope        %d %s%n", delivery.corrupt().size(), sample(delivery.corrupt())));
        b.append(String.format("unknown keys            %d %s%n", delivery.unknown().size(), sample(delivery.unknown())));
        b.append(String.format("dead-lettered           %d%n", delivery.deadLettered()));
        b.append(String.format("delivered without a 200 %d (answer lost to a kill or timeout; allowed)%n", delivery.deliveredUnacked()));
        b.append(String.format("audit caught up         %s%n", delivery.caughtUp()));
        b.append(String.format("raw topic               %d records, %d distinct keys (%d copies dropped by dedupe)%n",
                store.rawRecords(), store.rawDistinctKeys(), store.rawRecords() - store.rawDistinctKeys()));
        b.append(String.format("dedupe changelog        %d committed records, %d distinct store keys, in %s %s%n",
                store.changelogRecords(), store.changelogKeys(), store.changelogTopics(), store.changelogConfig()));
        b.append(String.format("secret/signature leaks  %d %s%n", leaks.size(), sample(leaks)));
        b.append("service logs            ").append(logs).append('\n');
        return b.toString();
    }

    private static String sample(List<String> l) {
        if (l.isEmpty()) {
            return "";
        }
        return l.subList(0, Math.min(5, l.size())).toString() + (l.size() > 5 ? " ..." : "");
    }
}
