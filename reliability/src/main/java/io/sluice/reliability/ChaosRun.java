package io.sluice.reliability;

import io.sluice.testkit.ChildJvm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The fault-injection scenario: a signed load with redeliveries runs against a {@link Cluster} while,
 * one at a time and at random moments, the processor is SIGKILLed and restarted, the ingress is
 * SIGKILLed and restarted, and the broker is stopped, kept down and started again. Then the
 * {@link Audit} reads what Kafka holds and the {@link LogScanner} reads what the services logged.
 * The result is a {@link ChaosReport}; the caller (the IT or {@link LongRun}) asserts on it.
 */
public final class ChaosRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);

    private final Plan plan;
    private final Path dir;
    private final String classpath;
    private List<String> resources = List.of();

    public ChaosRun(Plan plan, Path dir, String classpath) {
        this.plan = plan;
        this.dir = dir;
        this.classpath = classpath;
    }

    /**
     * A fault, as it happened, with the evidence that it did: the process id before and after (a
     * SIGKILLed or stopped service comes back as a new process) and whether it was ready again.
     */
    record Fault(String kind, double atSeconds, double outageSeconds, long pidBefore, long pidAfter, boolean readyAgain) {
        String text() {
            return String.format("%s@%.1fs(%.1fs,pid %d->%d%s)", kind, atSeconds, outageSeconds, pidBefore, pidAfter,
                    readyAgain ? "" : ",NOT READY");
        }
    }

    /**
     * One broker outage: from the moment the broker process had exited to the moment it was started
     * again (nanoTime), and when it was serving again.
     */
    record Outage(long downNanos, long restartNanos, long upNanos) {
    }

    public ChaosReport run() {
        Ledger ledger = new Ledger();
        List<Fault> faults = new ArrayList<>();
        List<Outage> outages = new ArrayList<>();
        FaultWindows windows = new FaultWindows();
        Random rnd = new Random(plan.seed());
        long t0 = System.nanoTime();
        Map<String, String> kafkaProps = plan.sessionTimeout() == null ? Map.of()
                : Map.of("session.timeout.ms", String.valueOf(plan.sessionTimeout().toMillis()));
        Cluster cluster = new Cluster(dir, classpath, 1_048_576, "INFO", kafkaProps, plan.brokers(), plan.processors());
        Audit.Delivery delivery;
        Audit.Store store;
        Replicas replicas = null;
        List<Replicas.Sample> isrSamples = List.of();
        long loadStart;
        long loadEnd;
        try {
            cluster.startAll(Duration.ofSeconds(180));
            if (plan.brokers() > 1) {
                replicas = new Replicas(cluster);
                replicas.awaitAllInSync(Duration.ofSeconds(120));
                replicas.startSampling();
            }
            log("cluster up: kafka " + cluster.bootstrapServers() + ", ingress :" + cluster.ingressPort()
                    + ", processor :" + cluster.processorPort());
            LoadGenerator load = new LoadGenerator(cluster, ledger, plan.redeliveryShare(), plan.threads(), plan.rate(),
                    plan.seed(), Clock.systemUTC());
            ResourceSampler sampler = null;
            if (plan.soak()) {
                List<ChildJvm> services = new ArrayList<>(cluster.brokers());
                services.add(cluster.ingress());
                services.addAll(cluster.processors());
                sampler = new ResourceSampler(services, 10_000);
                sampler.start();
            }
            load.start();
            loadStart = System.nanoTime();
            try {
                sleep(Duration.ofSeconds(3));
                List<String> schedule = new ArrayList<>();
                for (int i = 0; i < plan.processorKills(); i++) {
                    schedule.add("processor");
                }
                for (int i = 0; i < plan.ingressKills(); i++) {
                    schedule.add("ingress");
                }
                for (int i = 0; i < plan.brokerRestarts(); i++) {
                    schedule.add("broker");
                }
                Collections.shuffle(schedule, rnd);
                for (String kind : schedule) {
                    sleep(gap(rnd));
                    double at = seconds(System.nanoTime() - t0);
                    long before = System.nanoTime();
                    int processorIndex = rnd.nextInt(cluster.processors().size());
                    // several brokers: SIGKILL the leader of the raw topic's busiest partition (node ids are 1-based)
                    int brokerIndex = kind.equals("broker") && replicas != null ? replicas.leaderOfBusiestRawPartition() - 1 : 0;
                    ChildJvm target = switch (kind) {
                        case "processor" -> cluster.processors().get(processorIndex);
                        case "ingress" -> cluster.ingress();
                        default -> cluster.brokers().get(brokerIndex);
                    };
                    long pidBefore = target.pid();
                    boolean ready = true;
                    switch (kind) {
                        case "processor" -> {
                            target.kill();
                            sleep(Duration.ofMillis(rnd.nextInt(1500)));
                            target.start();
                            cluster.awaitProcessorReady(processorIndex, Duration.ofSeconds(120));
                        }
                        case "ingress" -> {
                            cluster.ingress().kill();
                            sleep(Duration.ofMillis(rnd.nextInt(1000)));
                            cluster.ingress().start();
                            cluster.awaitIngressReady(Duration.ofSeconds(120));
                        }
                        default -> {
                            if (replicas != null) {
                                target.kill();
                                long down = System.nanoTime();
                                sleep(plan.brokerDown());
                                long restart = System.nanoTime();
                                target.start();
                                cluster.awaitBroker(Duration.ofSeconds(120));
                                replicas.awaitAllInSync(Duration.ofSeconds(180));
                                outages.add(new Outage(down, restart, System.nanoTime()));
                                break;
                            }
                            cluster.broker().stop(Duration.ofSeconds(30));
                            long down = System.nanoTime();
                            sleep(plan.brokerDown());
                            long restart = System.nanoTime();
                            cluster.broker().start();
                            cluster.awaitBroker(Duration.ofSeconds(120));
                            cluster.awaitIngressReady(Duration.ofSeconds(120));
                            outages.add(new Outage(down, restart, System.nanoTime()));
                        }
                    }
                    long after = System.nanoTime();
                    if (!kind.equals("processor")) {
                        // requests may go unanswered while the ingress or the broker is away, and only then
                        windows.add(new FaultWindows.Window(kind, before, after));
                    }
                    Fault f = new Fault(kind, at, seconds(after - before), pidBefore, target.pid(), ready && target.isAlive());
                    faults.add(f);
                    log(String.format("fault %d/%d: %s", faults.size(), schedule.size(), f.text()));
                }
                sleep(Duration.ofSeconds(3));
            } finally {
                load.close();
                loadEnd = System.nanoTime();
                if (sampler != null) {
                    sampler.close();
                    resources = sampler.summary();
                }
            }
            if (replicas != null) {
                replicas.close();
                isrSamples = replicas.samples();
            }
            log("load stopped after " + ledger.attempts().size() + " requests; auditing");
            Audit audit = Audit.of(cluster, ledger);
            delivery = audit.delivery(plan.drainTimeout());
            store = audit.store(Duration.ofSeconds(60));
        } finally {
            if (replicas != null) {
                replicas.close();
            }
            cluster.close();
        }
        Harness.dropData(dir);
        List<LogScanner.Finding> leaks = new LogScanner(cluster.secretLeakForms(), ledger.signatures()).scan(cluster.logFiles());
        ChaosReport.Availability availability = plan.brokers() > 1
                ? availability(ledger.attempts(), windows, isrSamples, loadStart, loadEnd, t0) : null;
        return report(ledger, faults, outages, windows, delivery, store, leaks, seconds(System.nanoTime() - t0), cluster)
                .withAvailability(availability).withLoadSeconds(seconds(loadEnd - loadStart));
    }

    /**
     * The multi-broker figures: 503s set against the sampled in-sync replica count and the fault windows,
     * and the longest stall (the longest time without any 200 answer while the load ran).
     */
    private ChaosReport.Availability availability(List<Ledger.Attempt> attempts, FaultWindows windows,
                                                  List<Replicas.Sample> samples, long loadStart, long loadEnd, long t0) {
        int whileInSync = 0;
        int outsideFaults = 0;
        int unavailable = 0;
        List<Long> oks = new ArrayList<>();
        for (Ledger.Attempt a : attempts) {
            if (a.status() == 503) {
                unavailable++;
                if (Replicas.minIsrAround(samples, a.sentNanos()) >= 2) {
                    whileInSync++;
                }
                if (!windows.covers(a.sentNanos(), a.doneNanos())) {
                    outsideFaults++;
                }
            }
            if (a.status() == 200) {
                oks.add(a.doneNanos());
            }
        }
        Collections.sort(oks);
        long prev = loadStart;
        long longest = 0;
        long longestAt = loadStart;
        for (long t : oks) {
            if (t - prev > longest) {
                longest = t - prev;
                longestAt = prev;
            }
            prev = Math.max(prev, t);
        }
        if (loadEnd - prev > longest) {
            longest = loadEnd - prev;
            longestAt = prev;
        }
        int minIsr = samples.stream().mapToInt(Replicas.Sample::minIsr).min().orElse(0);
        long underTwo = samples.stream().filter(s -> s.minIsr() < 2).count();
        return new ChaosReport.Availability(plan.brokers(), plan.processors(), unavailable, whileInSync, outsideFaults,
                samples.size(), (int) underTwo, minIsr, seconds(longest), seconds(longestAt - t0));
    }

    private ChaosReport report(Ledger ledger, List<Fault> faults, List<Outage> outages, FaultWindows windows,
                               Audit.Delivery delivery,
                               Audit.Store store, List<LogScanner.Finding> leaks, double elapsed, Cluster cluster) {
        List<Ledger.Attempt> attempts = ledger.attempts();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int redeliveries = 0;
        int noRetryAfter = 0;
        for (Ledger.Attempt a : attempts) {
            statuses.merge(a.status(), 1, Integer::sum);
            if (a.redelivery()) {
                redeliveries++;
            }
            if (a.status() == 503 && !a.retryAfter()) {
                noRetryAfter++;
            }
        }
        List<ChaosReport.OutageFigures> outageFigures = new ArrayList<>();
        for (Outage o : outages) {
            int okWhileDown = 0;
            int okAfterRestart = 0;
            int unavailable = 0;
            int noAnswer = 0;
            int other = 0;
            long firstOkAfter = Long.MAX_VALUE;
            for (Ledger.Attempt a : attempts) {
                // requests sent while the broker was down; a 200 is only legitimate once it is back
                if (a.sentNanos() >= o.downNanos() && a.sentNanos() < o.restartNanos()) {
                    switch (a.status()) {
                        case 200 -> {
                            if (a.doneNanos() < o.restartNanos()) {
                                okWhileDown++;
                            } else {
                                okAfterRestart++;
                            }
                        }
                        case 503 -> unavailable++;
                        case Ledger.CONNECTION_ERROR, Ledger.TIMEOUT -> noAnswer++;
                        default -> other++;
                    }
                }
                if (a.status() == 200 && a.sentNanos() >= o.restartNanos()) {
                    firstOkAfter = Math.min(firstOkAfter, a.doneNanos());
                }
            }
            double recovery = firstOkAfter == Long.MAX_VALUE ? -1 : seconds(firstOkAfter - o.restartNanos());
            outageFigures.add(new ChaosReport.OutageFigures(seconds(o.restartNanos() - o.downNanos()), okWhileDown,
                    okAfterRestart, unavailable, noAnswer, other, recovery));
        }
        List<ChaosReport.FaultEvidence> evidence = faults.stream()
                .map(f -> new ChaosReport.FaultEvidence(f.kind(), f.pidBefore(), f.pidAfter(), f.readyAgain())).toList();
        int unansweredOutside = windows.unansweredOutside(attempts).size();
        return new ChaosReport(plan, elapsed, ledger.events().size(), attempts.size(), redeliveries, statuses,
                noRetryAfter, unansweredOutside, faults.stream().map(Fault::text).toList(), evidence, outageFigures,
                delivery, store, leaks.stream().map(Object::toString).toList(), cluster.dir().resolve("logs"));
    }

    private Duration gap(Random rnd) {
        long min = plan.minGap().toMillis();
        long max = plan.maxGap().toMillis();
        return Duration.ofMillis(min + (long) (rnd.nextDouble() * (max - min)));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void sleep(Duration d) {
        Cluster.sleep(d.toMillis());
    }

    private static void log(String s) {
        LOG.info(s);
        System.out.println("[reliability] " + s);
    }

    /** The soak's resource lines (RSS and open fds per service, with slopes); empty unless the plan is a soak. */
    public List<String> resources() {
        return resources;
    }

    /** Writes the report next to the logs and to stdout. */
    public static void publish(ChaosReport report, Path file) {
        publish(report, List.of(), file);
    }

    /** Writes the report, followed by {@code extra} lines, next to the logs and to stdout. */
    public static void publish(ChaosReport report, List<String> extra, Path file) {
        StringBuilder b = new StringBuilder(report.toText());
        extra.forEach(l -> b.append(l).append('\n'));
        String text = b.toString();
        System.out.println(text);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
