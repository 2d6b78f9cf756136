package io.sluice.bench.harness;

import static io.sluice.bench.harness.Wrk.cpuMs;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.processor.Processor;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code bench/run --only ops}: what the operator surface costs (issue 11's budget: recording
 * rejections and the event index cost the ingress and the processor at most 10 % of their
 * throughput). Two A/B comparisons, each measured in one run with the baseline and the variant
 * <em>interleaved</em> (ABBA order), so that load from other work on the machine hits both alike:
 * <ul>
 *   <li>processor: a fresh processor JVM per run on the same pre-filled raw topic, event index on
 *       (default) or off ({@code -Dsluice.processor.index=false}); timed until its committed raw
 *       offsets reach the end;</li>
 *   <li>ingress: two ingress JVMs side by side, rejection recording on (default) or off
 *       ({@code -Dsluice.ingress.rejections=false}), alternately loaded (closed model) with a mix of
 *       valid deliveries and deliveries whose body was altered after signing (401
 *       {@code invalid_signature}); warmed until their CPU per request settles, then measured in
 *       pairs of adjacent rounds, the ratio taken per pair (median and spread over the pairs).</li>
 * </ul>
 * {@code BENCH_OPS_PARTS=ingress} (or {@code processor}) runs only one of the two.
 * Writes {@code ops-cost.md} in the run's results directory and returns the same section for
 * BENCHMARKS.md.
 */
final class OpsCostStage {
    private static final String SECRET = "bench-hyperspell-secret";
    private static final double BUDGET = 0.90;

    /** Sizes of the stage. */
    record Plan(int events, int repeats, Duration processorTimeout) {
        static Plan of(boolean quick) {
            return quick ? new Plan(20_000, 2, Duration.ofSeconds(90))
                    : new Plan(200_000, 3, Duration.ofSeconds(240));
        }
    }

    /** One timed processor run. */
    record ProcRun(int order, boolean index, double steadyPerSec, double wholePerSec, double seconds, boolean drained,
                   double cpuUsPerEvent, double brokerUsPerEvent, long out) {
    }

    /**
     * Sizes of the ingress comparison: {@code pairs} pairs of rounds (on/off, off/on, ... so ABBA),
     * after warm-up rounds (alternating, not reported) until each JVM's CPU per request has settled
     * (its last three warm-up rounds within {@link #SETTLED} of their mean) or for at most {@code maxWarmup}
     * (a time, not a number of rounds: under other builds' load the JIT needs wall time, not requests).
     */
    record IngressPlan(Duration round, int pairs, int minWarmupRounds, Duration maxWarmup, double badShare,
                       int concurrency) {
        static IngressPlan of(boolean quick) {
            return quick ? new IngressPlan(Duration.ofSeconds(2), 8, 5, Duration.ofSeconds(150), 0.10, 64)
                    : new IngressPlan(Duration.ofSeconds(5), 12, 5, Duration.ofSeconds(300), 0.10, 64);
        }
    }

    /** Warm-up has settled when a JVM's last three rounds' CPU per request are within this of their mean. */
    static final double SETTLED = 0.06;

    /**
     * One ingress round. CPU per answered request of: the measured ingress, the load client (this
     * JVM), the broker (NaN with {@code --bootstrap}); {@code otherCores} = CPU the rest of the machine
     * used meanwhile (other builds, the idle ingress), in cores; {@code gcMs} = the measured ingress's
     * GC pauses during the round; {@code idleCores} = the other (idle) ingress JVM's CPU meanwhile.
     */
    record IngressRun(int order, int pair, boolean recording, OpsLoad.Result load, double cpuUsPerReq,
                      double clientUsPerReq, double brokerUsPerReq, double otherCores, double gcMs, String loadAvg,
                      double idleCores) {
        /** A round that got no answer at all (the ingress or the broker failed, e.g. a full disk) measures nothing. */
        boolean answered() {
            return load.answered() > 0 && load.perSec() > 0;
        }
    }

    private final String bootstrap;
    private final Path results;
    private final String run;
    private final short replicationFactor;
    private final Plan plan;
    private final IngressPlan iplan;
    /** The ingress comparison's load client: wrk when installed, else the Java client {@link OpsLoad}. */
    private final boolean wrk = Wrk.available();
    private final boolean quick;
    private final Consumer<String> log;
    private final Supplier<Long> brokerPid;
    private final boolean jfr;
    private final List<String> profiles = new ArrayList<>();

    /**
     * @param jfr profile (JFR) the first processor run with the index and the first without, and both ingress
     *            JVMs over the measured rounds ({@code --jfr ops})
     */
    OpsCostStage(String bootstrap, Path results, String run, short replicationFactor, boolean quick,
                 Supplier<Long> brokerPid, boolean jfr, Consumer<String> log) {
        this.jfr = jfr;
        this.bootstrap = bootstrap;
        this.results = results;
        this.run = run;
        this.replicationFactor = replicationFactor;
        this.quick = quick;
        this.plan = Plan.of(quick);
        this.iplan = IngressPlan.of(quick);
        this.brokerPid = brokerPid;
        this.log = log;
    }

    /** Runs both comparisons; returns the markdown section (also written to {@code ops-cost.md}). */
    String run(String command) throws Exception {
        String loadBefore = Machine.loadAverage();
        List<ProcRun> proc = new ArrayList<>();
        List<IngressRun> ingress = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String parts = System.getenv().getOrDefault("BENCH_OPS_PARTS", "processor,ingress");
        if (!parts.contains("processor")) {
            notes.add("processor comparison not run (BENCH_OPS_PARTS=" + parts + ")");
        }
        if (!parts.contains("ingress")) {
            notes.add("ingress comparison not run (BENCH_OPS_PARTS=" + parts + ")");
        }
        try {
            if (parts.contains("processor")) {
                processor(proc);
            }
        } catch (Exception e) {
            notes.add("processor comparison failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            log.accept("ops: processor comparison failed: " + e);
        }
        try {
            if (parts.contains("ingress")) {
                ingress(ingress, notes);
            }
        } catch (Exception e) {
            notes.add("ingress comparison failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            log.accept("ops: ingress comparison failed: " + e);
        }
        String md = render(proc, ingress, notes, command, loadBefore + " → " + Machine.loadAverage());
        Files.writeString(results.resolve("ops-cost.md"), md, StandardCharsets.UTF_8);
        log.accept("ops: wrote " + results.resolve("ops-cost.md"));
        return md;
    }

    // ---- processor --------------------------------------------------------------------------

    private void processor(List<ProcRun> out) throws Exception {
        String raw = run + ".ops.raw";
        createTopic(raw);
        ProcessorStage.Input input = ProcessorStage.produce(bootstrap, raw, run + "-ops", plan.events(), 1024, 0.0, 11);
        String warmTopic = run + ".ops.warm";
        createTopic(warmTopic);
        ProcessorStage.Input warm = ProcessorStage.produce(bootstrap, warmTopic, run + "-opsw",
                Math.max(2_000, plan.events() / 10), 1024, 0.0, 12);
        log.accept("ops: processor input written: " + input);
        processorRun(-1, true, warm); // warms the broker's transaction paths; not reported
        int order = 0;
        for (int i = 0; i < plan.repeats(); i++) {
            // ABBA: on, off, off, on, on, off... so drift of the machine's load hits both alike
            boolean first = i % 2 == 0;
            out.add(processorRun(++order, first, input));
            out.add(processorRun(++order, !first, input));
        }
    }

    private ProcRun processorRun(int order, boolean index, ProcessorStage.Input input) throws Exception {
        String name = "ops-p" + (order < 0 ? "warm" : order) + (index ? "-index" : "-noindex");
        String prefix = run + "." + name;
        String appId = "bench-" + run + "-" + name;
        Path stateDir = results.resolve("state-" + name);
        // each run its own topics (and admin topics), so that no run sees an earlier run's records
        String yaml = base(input.topic(), prefix + ".events", prefix + ".dlq", prefix)
                + "processor:\n  port: 0\n  application-id: " + appId + "\n  state-dir: " + stateDir + "\n"
                + "routes:\n  - topic: " + prefix + ".index\n    sources: [bench]\n    types: [\"index-*\"]\n";
        Path config = results.resolve(name + ".yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        SluiceConfig cfg = ConfigLoader.load(config);
        TopicProvisioner.ensure(cfg, 60);
        List<String> outputs = List.of(prefix + ".events", prefix + ".index", prefix + ".dlq");
        List<String> flags = flags(index ? List.of() : List.of("-D" + Processor.INDEX_PROPERTY + "=false"));
        Child child = Child.start(name, flags, BenchMain.env("processor"), List.of("processor", config.toString()),
                results.resolve(name + ".log"), Duration.ofSeconds(150));
        Path profile = results.resolve(name + ".jfr");
        boolean profiled = jfr && (order == 1 || order == 2);
        if (profiled) {
            child.startJfr(profile);
        }
        ProcRun r;
        try {
            r = time(order, index, child, input, appId, outputs, order < 0 ? Duration.ofSeconds(60) : plan.processorTimeout());
        } finally {
            child.close();
        }
        if (profiled && Files.exists(profile)) {
            try {
                List<String> lines = JfrSummary.summarize(profile, 20);
                Files.write(results.resolve(name + "-jfr.md"), lines, StandardCharsets.UTF_8);
                profiles.add("#### Profile of run " + order + " (index " + (index ? "on" : "off") + ", JFR)");
                profiles.add("");
                profiles.addAll(lines);
                profiles.add("");
            } catch (Exception e) {
                profiles.add("JFR summary of " + name + " failed: " + e.getMessage());
            }
        }
        if (order >= 0) {
            log.accept(String.format(Locale.ROOT, "ops: processor #%d index %s: %.0f events/s steady, %.0f whole, "
                            + "%.1f s, %.0f µs CPU/event, out %d",
                    order, index ? "on" : "off", r.steadyPerSec(), r.wholePerSec(), r.seconds(), r.cpuUsPerEvent(),
                    r.out()));
        }
        return r;
    }

    private ProcRun time(int order, boolean index, Child child, ProcessorStage.Input input, String group,
                         List<String> outputs, Duration timeout) throws Exception {
        long pid = child.pid();
        Long bpid = brokerPid.get();
        long cpu0 = cpuMs(pid);
        long bcpu0 = bpid == null ? -1 : cpuMs(bpid);
        long start = System.nanoTime();
        long cpuEnd;
        long bcpuEnd;
        ProcessorStage.Progress p;
        long tEnd;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // the raw topic's offsets (the only input)
            p = ProcessorStage.awaitCommitted(admin, group, input, start + timeout.toNanos());
            tEnd = p.tEnd();
            cpuEnd = cpuMs(pid);
            bcpuEnd = bpid == null ? -1 : cpuMs(bpid);
        }
        boolean drained = tEnd > 0;
        long end = drained ? tEnd : System.nanoTime();
        double seconds = (end - start) / 1e9;
        double steady = p.steadyPerSec(input.records());
        long out = order < 0 ? -1 : ProcessorStage.countCommitted(bootstrap, List.of(outputs.get(0), outputs.get(1)),
                Duration.ofSeconds(60));
        return new ProcRun(order, index, steady, drained ? input.records() / seconds : Double.NaN, seconds, drained,
                (cpuEnd - cpu0) * 1000.0 / input.records(),
                bpid == null ? Double.NaN : (bcpuEnd - bcpu0) * 1000.0 / input.records(), out);
    }

    // ---- ingress ----------------------------------------------------------------------------

    private void ingress(List<IngressRun> out, List<String> notes) throws Exception {
        String yaml = base(run + ".ops.iraw", run + ".ops.ievents", run + ".ops.idlq")
                + "ingress:\n  host: 127.0.0.1\n  port: 0\n";
        Path config = results.resolve("ops-ingress.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        SluiceConfig cfg = ConfigLoader.load(config);
        TopicProvisioner.ensure(cfg, 60);
        SourceConfig source = cfg.source("bench").orElseThrow();
        try (Child on = Child.start("ops-ingress-rec", flags("ingress", List.of()), List.of("ingress", config.toString()),
                results.resolve("ops-ingress-rec.log"), Duration.ofSeconds(90));
             Child off = Child.start("ops-ingress-norec", flags("ingress", List.of("-D" + Ingress.REJECTIONS_PROPERTY + "=false")),
                     List.of("ingress", config.toString()), results.resolve("ops-ingress-norec.log"), Duration.ofSeconds(90));
             OpsLoad load = new OpsLoad(iplan.concurrency())) {
            Side sOn = new Side(true, on, Integer.parseInt(on.ready().get("port")));
            Side sOff = new Side(false, off, Integer.parseInt(off.ready().get("port")));
            // Warm-up, alternating, not reported, until both JVMs' CPU per request has settled: JIT
            // compilation still running in one of them was the largest error of the first version
            // of this stage (rounds 1-2 at 58 µs/request, rounds 3-4 at 28 µs).
            int w = 0;
            List<Double> lastOn = new ArrayList<>();
            List<Double> lastOff = new ArrayList<>();
            boolean settledOn = false;
            boolean settledOff = false;
            long warmUntil = System.nanoTime() + iplan.maxWarmup().toNanos();
            while (w < iplan.minWarmupRounds() || ((!settledOn || !settledOff) && System.nanoTime() < warmUntil)) {
                w++;
                IngressRun a = round(load, source, -w, 0, sOn, sOff);
                IngressRun b = round(load, source, -w, 0, sOff, sOn);
                settledOn = settled(lastOn, a.cpuUsPerReq());
                settledOff = settled(lastOff, b.cpuUsPerReq());
                log.accept(String.format(Locale.ROOT, "ops: ingress warm-up %d: on %.0f/s %.0f µs/req, off %.0f/s %.0f µs/req",
                        w, a.load().perSec(), a.cpuUsPerReq(), b.load().perSec(), b.cpuUsPerReq()));
            }
            notes.add("load client: " + (wrk ? "wrk (1 thread, " + iplan.concurrency() + " connections)"
                    : "the Java client OpsLoad (wrk is not installed; its CPU per request is higher and noisier)"));
            notes.add("ingress warm-up: " + w + " round(s) of " + iplan.round().toSeconds() + " s per JVM"
                    + (settledOn && settledOff ? " (CPU per request settled within " + Math.round(SETTLED * 100) + " %)"
                    : " (**CPU per request had not settled**: the first pairs may still carry JIT warm-up)"));
            if (jfr) {
                // both alike, so the profiler's own cost weighs on both; written when the JVMs stop
                on.startJfr(results.resolve("ops-ingress-rec.jfr"));
                off.startJfr(results.resolve("ops-ingress-norec.jfr"));
            }
            int order = 0;
            for (int pair = 1; pair <= iplan.pairs(); pair++) {
                // ABBA: on/off, off/on, ... so a drift of the machine's load hits both alike
                boolean onFirst = pair % 2 == 1;
                for (Side side : onFirst ? List.of(sOn, sOff) : List.of(sOff, sOn)) {
                    IngressRun r = round(load, source, ++order, pair, side, side == sOn ? sOff : sOn);
                    out.add(r);
                    log.accept(String.format(Locale.ROOT, "ops: ingress #%d (pair %d) recording %s: %.0f answered/s "
                                    + "(%d × 200, %d × 401, %d other), %.0f µs CPU/req, client %.0f µs/req, others %.2f cores",
                            order, pair, side.recording ? "on" : "off", r.load().perSec(), r.load().accepted(),
                            r.load().rejected(), r.load().other(), r.cpuUsPerReq(), r.clientUsPerReq(), r.otherCores()));
                }
            }
            notes.add("rejections recorded by the recording ingress (its `sluice_ingress_rejections_recorded_total`): "
                    + OpsLoad.metric(sOn.port, "sluice_ingress_rejections_recorded_total")
                    + ", dropped: " + OpsLoad.metricSum(sOn.port, "sluice_ingress_rejections_dropped_total")
                    + "; by the one with recording off: " + OpsLoad.metric(sOff.port, "sluice_ingress_rejections_recorded_total")
                    + " (absent = not recording).");
        }
        if (jfr) {
            for (String name : List.of("ops-ingress-rec", "ops-ingress-norec")) {
                Path profile = results.resolve(name + ".jfr");
                try {
                    List<String> lines = JfrSummary.summarize(profile, 20);
                    Files.write(results.resolve(name + "-jfr.md"), lines, StandardCharsets.UTF_8);
                    profiles.add("#### Profile of the ingress with recording " + (name.endsWith("norec") ? "off" : "on")
                            + " over the measured rounds (JFR)");
                    profiles.add("");
                    profiles.addAll(lines);
                    profiles.add("");
                } catch (Exception e) {
                    profiles.add("JFR summary of " + name + " failed: " + e.getMessage());
                }
            }
        }
    }

    /** One of the two ingress JVMs. */
    private record Side(boolean recording, Child child, int port) {
    }

    private static boolean settled(List<Double> seen, double now) {
        seen.add(now);
        if (seen.size() < 3) {
            return false;
        }
        List<Double> last = seen.subList(seen.size() - 3, seen.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return last.stream().allMatch(v -> Math.abs(v - mean) <= SETTLED * mean);
    }

    /**
     * One closed-model round on {@code side}, by {@code wrk} (one thread: C, a few µs of CPU per
     * request, so the client's own noise stays small beside the server's) or, without wrk, by the
     * Java client {@link OpsLoad}; the CPU of everything else is measured alongside.
     */
    private IngressRun round(OpsLoad load, SourceConfig source, int order, int pair, Side side, Side idle)
            throws InterruptedException, java.io.IOException {
        // a fresh pool per round (signed now: the timestamps stay inside the window), built before any clock;
        // exactly every 10th delivery tampered, so every round has the same share of 401
        String tag = order < 0 ? "w" + (-order) + (side.recording ? "a" : "b") : String.valueOf(order);
        var reqs = OpsLoad.mix(source, run + "-r" + tag, 20_000, iplan.badShare());
        Long bpid = brokerPid.get();
        double gc0 = OpsLoad.metricSumValue(side.port, "jvm_gc_pause_seconds_sum");
        double refused0 = OpsLoad.metricSumValue(side.port, "sluice_ingress_verification_failures_total");
        if (wrk) {
            Path pool = results.resolve("ops-ingress-pool.bin");
            Wrk.Pool p = OpsLoad.writePool(pool, reqs, 1024);
            reqs = null;
            long[] idleCpu = new long[2];
            boolean[] first = {true};
            Wrk.Result w = Wrk.run(p, results, side.port, 1, iplan.concurrency(), 0, iplan.round(), 0,
                    () -> {
                        idleCpu[first[0] ? 0 : 1] = cpuMs(idle.child.pid());
                        first[0] = false;
                        return new long[]{cpuMs(side.child.pid()), bpid == null ? -1 : cpuMs(bpid), Machine.busyCpuMs(), -1};
                    },
                    results.resolve("ops-ingress-wrk.log"));
            Files.deleteIfExists(pool);
            double gc1 = OpsLoad.metricSumValue(side.port, "jvm_gc_pause_seconds_sum");
            double refused1 = OpsLoad.metricSumValue(side.port, "sluice_ingress_verification_failures_total");
            // the ingress also counts the few refusals answered after wrk stopped reading: at most wrk's non-2xx
            long refused = Double.isNaN(refused1) ? w.non2xx()
                    : Math.min(w.non2xx(), Math.round(refused1 - (Double.isNaN(refused0) ? 0 : refused0)));
            OpsLoad.Result r = new OpsLoad.Result(w.answered() - w.non2xx(), refused,
                    w.non2xx() - refused + w.socketErrors() + w.timeouts(), w.throughput(), w.p50(), w.p99());
            // the CPU window is wrk's load window (a little shorter than its run): per request of that window
            double n = Math.max(1, w.throughput() * w.cpu().seconds());
            Wrk.Cpu c = w.cpu();
            return new IngressRun(order, pair, side.recording, r, c.serverMs() * 1000.0 / n, c.clientMs() * 1000.0 / n,
                    c.brokerMs() < 0 ? Double.NaN : c.brokerMs() * 1000.0 / n,
                    c.otherCores() - (idleCpu[1] - idleCpu[0]) / 1000.0 / c.seconds(), (gc1 - gc0) * 1000.0,
                    Machine.loadAverage().split(" ")[0], (idleCpu[1] - idleCpu[0]) / 1000.0 / c.seconds());
        }
        CpuSample before = CpuSample.take(side, idle, bpid, true);
        long t0 = System.nanoTime();
        OpsLoad.Result r = load.closed(side.port, reqs, iplan.round());
        long t1 = System.nanoTime();
        CpuSample after = CpuSample.take(side, idle, bpid, false);
        double gc1 = OpsLoad.metricSumValue(side.port, "jvm_gc_pause_seconds_sum");
        double n = Math.max(1, r.answered());
        long server = after.server() - before.server();
        long client = after.client() - before.client();
        long broker = after.broker() - before.broker();
        long idleMs = after.idle() - before.idle();
        long ours = server + client + (bpid == null ? 0 : broker) + idleMs;
        double others = before.busy() < 0 || after.busy() < 0 ? Double.NaN
                : Math.max(0, (after.busy() - before.busy()) - ours) / ((t1 - t0) / 1e6);
        return new IngressRun(order, pair, side.recording, r, server * 1000.0 / n, client * 1000.0 / n,
                bpid == null ? Double.NaN : broker * 1000.0 / n, others, (gc1 - gc0) * 1000.0,
                Machine.loadAverage().split(" ")[0], idleMs / ((t1 - t0) / 1e6));
    }

    /**
     * CPU time so far (ms) of the machine (busy, all processes; -1 when unknown), the measured ingress, the load
     * client (this JVM), the idle ingress and the broker (-1 without a broker pid), read around a Java-client round.
     */
    private record CpuSample(long busy, long server, long client, long idle, long broker) {
        /**
         * @param opening true before the round: the machine's counter is read first there and last after the round,
         *                so that its window encloses the processes' windows (as the two copies this replaces did)
         */
        static CpuSample take(Side side, Side idle, Long brokerPid, boolean opening) {
            long busy = opening ? Machine.busyCpuMs() : 0;
            long server = cpuMs(side.child.pid());
            long client = cpuMs(ProcessHandle.current().pid());
            long idleMs = cpuMs(idle.child.pid());
            long broker = brokerPid == null ? -1 : cpuMs(brokerPid);
            return new CpuSample(opening ? busy : Machine.busyCpuMs(), server, client, idleMs, broker);
        }
    }

    // ---- report -----------------------------------------------------------------------------

    private String render(List<ProcRun> proc, List<IngressRun> ingress, List<String> notes, String command,
                          String load) {
        List<String> o = new ArrayList<>();
        o.add("## Cost of the operator surface (event index, rejection recording)");
        o.add("");
        o.add("Written by `" + command + "` (stage `ops`, " + (quick ? "quick" : "default") + " profile) on "
                + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "; load average at start → end "
                + load + ". Baseline and variant are **interleaved in the same run** (ABBA order), so other work on "
                + "the machine weighs on both alike; the ratios matter more than the absolute figures. Budget (issue 11): "
                + "variant / baseline ≥ " + fmt2(BUDGET) + ". Raw logs: `" + results.getFileName() + "` under `bench/results/`.");
        o.add("");
        o.add("### Processor: event index on vs off");
        o.add("");
        o.add("Same pre-filled raw topic (" + plan.events() + " unique 1 KiB events, 3 partitions), a fresh processor JVM "
                + "per run (new application id, empty state), timed from RUNNING until its committed raw offsets reach "
                + "the end. Off = `-D" + Processor.INDEX_PROPERTY + "=false` (the dedupe store keeps only \"seen\": no "
                + "deliveries, no outputs recorded, duplicates not written back). `out` = records in the default and "
                + "route topics (must equal the input).");
        o.add("");
        o.add("| # | index | events/s (10→90 %) | events/s (whole) | seconds | processor CPU µs/event | broker CPU µs/event | out |");
        o.add("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (ProcRun r : proc) {
            o.add("| " + r.order() + " | " + (r.index() ? "on" : "off") + " | " + fmt0(r.steadyPerSec()) + " | "
                    + fmt0(r.wholePerSec()) + " | " + fmt1(r.seconds()) + (r.drained() ? "" : " (timed out)") + " | "
                    + fmt0(r.cpuUsPerEvent()) + " | " + fmt0(r.brokerUsPerEvent()) + " | " + r.out() + " |");
        }
        o.add("");
        if (!proc.isEmpty()) {
            double on = median(proc.stream().filter(ProcRun::index).mapToDouble(ProcRun::steadyPerSec).toArray());
            double off = median(proc.stream().filter(r -> !r.index()).mapToDouble(ProcRun::steadyPerSec).toArray());
            double onW = median(proc.stream().filter(ProcRun::index).mapToDouble(ProcRun::wholePerSec).toArray());
            double offW = median(proc.stream().filter(r -> !r.index()).mapToDouble(ProcRun::wholePerSec).toArray());
            double onCpu = median(proc.stream().filter(ProcRun::index).mapToDouble(ProcRun::cpuUsPerEvent).toArray());
            double offCpu = median(proc.stream().filter(r -> !r.index()).mapToDouble(ProcRun::cpuUsPerEvent).toArray());
            o.add("Medians: index on **" + fmt0(on) + "** events/s (whole run " + fmt0(onW) + "), off **" + fmt0(off)
                    + "** (whole run " + fmt0(offW) + "). **Processor throughput with the index / without: "
                    + fmt2(on / off) + "** (whole run " + fmt2(onW / offW) + ")" + verdict(on / off)
                    + ". Processor CPU per event, on / off: " + fmt2(onCpu / offCpu) + " (" + fmt0(onCpu) + " vs "
                    + fmt0(offCpu) + " µs).");
            o.add("");
        }
        o.add("### Ingress: rejection recording on vs off");
        o.add("");
        o.add("Two ingress JVMs side by side, alternately loaded, closed model (" + iplan.concurrency() + " requests in flight, "
                + iplan.round().toSeconds() + " s per round, " + iplan.pairs() + " pairs of rounds in ABBA order after "
                + "warm-up rounds until each JVM's CPU per request settled), signed `hyperspell` deliveries of 1 KiB of "
                + "which every " + Math.round(1 / iplan.badShare()) + "th has its body altered after signing (401 "
                + "`invalid_signature`, recorded to `topics.rejections` when recording is on). Off = `-D"
                + Ingress.REJECTIONS_PROPERTY + "=false`. Throughput counts every answered delivery (200 and 401). "
                + "The load client runs on the same cores: `client µs/req` is its CPU per "
                + "request; `idle` = the other (unloaded) ingress JVM's CPU during the round and `others` = the rest "
                + "of the machine's (other builds), in cores; `GC ms` = the measured ingress's GC pauses in the round.");
        o.add("");
        o.add("| # | pair | recording | answered/s | 200 | 401 | other | ingress CPU µs/req | client µs/req | broker µs/req | idle (cores) | others (cores) | GC ms | load avg | p50 ms | p99 ms |");
        o.add("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (IngressRun r : ingress) {
            OpsLoad.Result l = r.load();
            o.add("| " + r.order() + " | " + r.pair() + " | " + (r.recording() ? "on" : "off") + " | " + fmt0(l.perSec()) + " | "
                    + l.accepted() + " | " + l.rejected() + " | " + l.other() + " | " + fmt0(r.cpuUsPerReq()) + " | "
                    + fmt0(r.clientUsPerReq()) + " | " + fmt0(r.brokerUsPerReq()) + " | " + fmt2(r.idleCores()) + " | " + fmt2(r.otherCores()) + " | "
                    + fmt0(r.gcMs()) + " | " + r.loadAvg() + " | " + fmt1(l.p50Ms()) + " | " + fmt1(l.p99Ms()) + " |");
        }
        o.add("");
        List<IngressRun> failed = ingress.stream().filter(r -> !r.answered()).toList();
        if (!failed.isEmpty()) {
            o.add("**Rounds with no answer** (left out of every figure below, with the other round of their pair): "
                    + failed.stream().map(r -> "#" + r.order()).collect(java.util.stream.Collectors.joining(", "))
                    + ". See the run's logs.");
            o.add("");
            java.util.Set<Integer> badPairs = failed.stream().map(IngressRun::pair).collect(java.util.stream.Collectors.toSet());
            ingress = ingress.stream().filter(r -> !badPairs.contains(r.pair())).toList();
        }
        if (!ingress.isEmpty()) {
            double on = median(ingress.stream().filter(IngressRun::recording).mapToDouble(r -> r.load().perSec()).toArray());
            double off = median(ingress.stream().filter(r -> !r.recording()).mapToDouble(r -> r.load().perSec()).toArray());
            double onCpu = median(ingress.stream().filter(IngressRun::recording).mapToDouble(IngressRun::cpuUsPerReq).toArray());
            double offCpu = median(ingress.stream().filter(r -> !r.recording()).mapToDouble(IngressRun::cpuUsPerReq).toArray());
            double[] tput = pairRatios(ingress, r -> r.load().perSec());
            double[] cpu = pairRatios(ingress, IngressRun::cpuUsPerReq);
            double ratio = median(tput);
            o.add("Per pair (the two adjacent rounds, so the machine's drift cancels), throughput with recording / "
                    + "without: " + list(tput) + "; **median " + fmt2(ratio) + "**" + verdict(ratio) + ", spread "
                    + spread(tput) + ". Ingress CPU per request, on / off, per pair: " + list(cpu) + "; median "
                    + fmt2(median(cpu)) + ", spread " + spread(cpu) + " (the steadier measure on a shared machine: a CPU-bound "
                    + "ingress serves 1 / this ratio as much with recording on, here " + fmt2(1 / median(cpu)) + ").");
            o.add("");
            o.add("Medians of all rounds: recording on **" + fmt0(on) + "** answered/s, off **" + fmt0(off)
                    + "** (" + fmt2(on / off) + "); ingress CPU per request " + fmt0(onCpu) + " vs " + fmt0(offCpu)
                    + " µs (" + fmt2(onCpu / offCpu) + "). Load client: median "
                    + fmt0(median(ingress.stream().mapToDouble(IngressRun::clientUsPerReq).toArray()))
                    + " µs CPU per request.");
            o.add("");
        }
        if (!notes.isEmpty()) {
            notes.forEach(n -> o.add("- " + n));
            o.add("");
        }
        o.addAll(profiles);
        return String.join("\n", o) + "\n";
    }

    /** Per pair of adjacent rounds: the recording round's value / the other's. */
    static double[] pairRatios(List<IngressRun> runs, java.util.function.ToDoubleFunction<IngressRun> f) {
        Map<Integer, double[]> byPair = new java.util.TreeMap<>();
        for (IngressRun r : runs) {
            byPair.computeIfAbsent(r.pair(), k -> new double[]{Double.NaN, Double.NaN})[r.recording() ? 0 : 1] = f.applyAsDouble(r);
        }
        return byPair.values().stream().mapToDouble(v -> v[0] / v[1]).filter(d -> !Double.isNaN(d) && !Double.isInfinite(d))
                .toArray();
    }

    /** min–max and the interquartile range of {@code v}. */
    static String spread(double[] v) {
        double[] s = java.util.Arrays.stream(v).sorted().toArray();
        if (s.length == 0) {
            return "-";
        }
        return fmt2(s[0]) + "–" + fmt2(s[s.length - 1]) + " (IQR " + fmt2(quantile(s, 0.25)) + "–" + fmt2(quantile(s, 0.75)) + ")";
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static String list(double[] v) {
        List<String> out = new ArrayList<>();
        for (double d : v) {
            out.add(fmt2(d));
        }
        return String.join(", ", out);
    }

    private static String verdict(double ratio) {
        if (Double.isNaN(ratio)) {
            return "";
        }
        return ratio >= BUDGET ? " (within the 10 % budget)" : " (**over the 10 % budget**)";
    }

    static double median(double[] v) {
        double[] s = java.util.Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String base(String raw, String def, String dlq) {
        return base(raw, def, dlq, run + ".ops");
    }

    /** @param admin prefix of the run's own index, rejections and audit topics (the defaults would pile up across runs) */
    private String base(String raw, String def, String dlq, String admin) {
        return "kafka:\n  bootstrap-servers: \"" + bootstrap + "\"\n"
                + "topics:\n  raw: " + raw + "\n  default: " + def + "\n  dead-letter: " + dlq + "\n"
                + "  index: " + admin + ".index-topic\n  rejections: " + admin + ".rejections\n  audit: " + admin + ".audit\n"
                + "  partitions: 3\n  replication-factor: " + replicationFactor + "\n"
                + "sources:\n  - name: bench\n    scheme: hyperspell\n    secrets: [\"" + SECRET + "\"]\n";
    }

    private void createTopic(String topic) {
        TopicProvisioner.ensure(new ConfigLoader(Map.of()).parse(base(topic, topic, topic)), 60);
    }

    /** The flags of {@code bin/sluice processor} (or BENCH_JAVA_OPTS), plus {@code extra}. */
    private static List<String> flags(List<String> extra) {
        return flags("processor", extra);
    }

    /** The flags of {@code bin/sluice <mode>} (or BENCH_JAVA_OPTS), plus {@code extra}. */
    private static List<String> flags(String mode, List<String> extra) {
        List<String> f = new ArrayList<>(BenchMain.flags(mode, List.of()));
        f.addAll(extra);
        return f;
    }

    private static String fmt0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt2(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
