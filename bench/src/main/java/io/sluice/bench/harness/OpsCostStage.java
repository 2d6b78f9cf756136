package io.sluice.bench.harness;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.processor.Processor;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
 *       {@code invalid_signature}).</li>
 * </ul>
 * Writes {@code ops-cost.md} in the run's results directory and returns the same section for
 * BENCHMARKS.md.
 */
final class OpsCostStage {
    private static final String SECRET = "bench-hyperspell-secret";
    private static final double BUDGET = 0.90;

    /** Sizes of the stage. */
    record Plan(int events, int repeats, Duration ingressWarmup, Duration ingressRound, double badShare, int concurrency,
                Duration processorTimeout) {
        static Plan of(boolean quick) {
            return quick ? new Plan(20_000, 2, Duration.ofSeconds(6), Duration.ofSeconds(4), 0.10, 64, Duration.ofSeconds(90))
                    : new Plan(200_000, 3, Duration.ofSeconds(20), Duration.ofSeconds(10), 0.10, 64, Duration.ofSeconds(240));
        }
    }

    /** One timed processor run. */
    record ProcRun(int order, boolean index, double steadyPerSec, double wholePerSec, double seconds, boolean drained,
                   double cpuUsPerEvent, double brokerUsPerEvent, double indexCaughtUpSeconds, long out) {
    }

    /** One ingress round. */
    record IngressRun(int order, boolean recording, OpsLoad.Result load, double cpuUsPerReq) {
    }

    private final String bootstrap;
    private final Path results;
    private final String run;
    private final short replicationFactor;
    private final Plan plan;
    private final boolean quick;
    private final Consumer<String> log;
    private final Supplier<Long> brokerPid;
    private final boolean jfr;
    private final List<String> profiles = new ArrayList<>();

    /** @param jfr profile (JFR) the first processor run with the index and the first without ({@code --jfr ops}) */
    OpsCostStage(String bootstrap, Path results, String run, short replicationFactor, boolean quick,
                 Supplier<Long> brokerPid, boolean jfr, Consumer<String> log) {
        this.jfr = jfr;
        this.bootstrap = bootstrap;
        this.results = results;
        this.run = run;
        this.replicationFactor = replicationFactor;
        this.quick = quick;
        this.plan = Plan.of(quick);
        this.brokerPid = brokerPid;
        this.log = log;
    }

    /** Runs both comparisons; returns the markdown section (also written to {@code ops-cost.md}). */
    String run(String command) throws Exception {
        String loadBefore = Machine.loadAverage();
        List<ProcRun> proc = new ArrayList<>();
        List<IngressRun> ingress = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            processor(proc);
        } catch (Exception e) {
            notes.add("processor comparison failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            log.accept("ops: processor comparison failed: " + e);
        }
        try {
            ingress(ingress, notes);
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
        // each run its own index topic: every processor restores the whole index topic into its
        // lookup store at start, and a shared one would grow with every earlier run
        String yaml = base(input.topic(), prefix + ".events", prefix + ".dlq", prefix)
                + "processor:\n  port: 0\n  application-id: " + appId + "\n  state-dir: " + stateDir + "\n"
                + "routes:\n  - topic: " + prefix + ".index\n    sources: [bench]\n    types: [\"index-*\"]\n";
        Path config = results.resolve(name + ".yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        SluiceConfig cfg = ConfigLoader.load(config);
        TopicProvisioner.ensure(cfg, 60);
        List<String> outputs = List.of(prefix + ".events", prefix + ".index", prefix + ".dlq");
        List<String> flags = flags(index ? List.of() : List.of("-D" + Processor.INDEX_PROPERTY + "=false"));
        Child child = Child.start(name, flags, List.of("processor", config.toString()), results.resolve(name + ".log"),
                Duration.ofSeconds(150));
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
                            + "%.1f s, %.0f µs CPU/event, out %d, index caught up %.1f s",
                    order, index ? "on" : "off", r.steadyPerSec(), r.wholePerSec(), r.seconds(), r.cpuUsPerEvent(),
                    r.out(), r.indexCaughtUpSeconds()));
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
        double caughtUp = Double.NaN;
        long cpuEnd;
        long bcpuEnd;
        ProcessorStage.Progress p;
        long tEnd;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // the raw topic's offsets only: with the index on, the group also commits the offsets
            // of the output topics it reads back
            p = ProcessorStage.awaitCommitted(admin, group, input, start + timeout.toNanos());
            tEnd = p.tEnd();
            cpuEnd = cpuMs(pid);
            bcpuEnd = bpid == null ? -1 : cpuMs(bpid);
            if (index && tEnd > 0) {
                // how much later the read-back of the outputs (the index) has caught up too
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < until) {
                    if (readBackDone(admin, group, outputs)) {
                        caughtUp = (System.nanoTime() - tEnd) / 1e9;
                        break;
                    }
                    Thread.sleep(100);
                }
            }
        }
        boolean drained = tEnd > 0;
        long end = drained ? tEnd : System.nanoTime();
        double seconds = (end - start) / 1e9;
        double steady = p.steadyPerSec(input.records());
        long out = order < 0 ? -1 : ProcessorStage.countCommitted(bootstrap, List.of(outputs.get(0), outputs.get(1)),
                Duration.ofSeconds(60));
        return new ProcRun(order, index, steady, drained ? input.records() / seconds : Double.NaN, seconds, drained,
                (cpuEnd - cpu0) * 1000.0 / input.records(),
                bpid == null ? Double.NaN : (bcpuEnd - bcpu0) * 1000.0 / input.records(), caughtUp, out);
    }

    /** True when the group's committed offsets of every output partition reached its log end. */
    private static boolean readBackDone(Admin admin, String group, List<String> topics) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var d : admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            for (var e : ends.entrySet()) {
                long end = e.getValue().offset();
                OffsetAndMetadata c = offsets.get(e.getKey());
                if (end > 0 && (c == null || c.offset() < end)) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
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
        try (Child on = Child.start("ops-ingress-rec", flags(List.of()), List.of("ingress", config.toString()),
                results.resolve("ops-ingress-rec.log"), Duration.ofSeconds(90));
             Child off = Child.start("ops-ingress-norec", flags(List.of("-D" + Ingress.REJECTIONS_PROPERTY + "=false")),
                     List.of("ingress", config.toString()), results.resolve("ops-ingress-norec.log"), Duration.ofSeconds(90));
             OpsLoad load = new OpsLoad(plan.concurrency())) {
            int onPort = Integer.parseInt(on.ready().get("port"));
            int offPort = Integer.parseInt(off.ready().get("port"));
            // warm-up: both JVMs, alternately, not reported
            for (int i = 0; i < 2; i++) {
                load.closed(onPort, OpsLoad.mix(source, run + "-w" + i, 20_000, plan.badShare()), plan.ingressWarmup().dividedBy(2));
                load.closed(offPort, OpsLoad.mix(source, run + "-W" + i, 20_000, plan.badShare()), plan.ingressWarmup().dividedBy(2));
            }
            int order = 0;
            for (int i = 0; i < plan.repeats(); i++) {
                boolean first = i % 2 == 0;
                for (boolean recording : new boolean[]{first, !first}) {
                    Child c = recording ? on : off;
                    int port = recording ? onPort : offPort;
                    var reqs = OpsLoad.mix(source, run + "-r" + (++order), 20_000, plan.badShare());
                    long cpu0 = cpuMs(c.pid());
                    OpsLoad.Result r = load.closed(port, reqs, plan.ingressRound());
                    long cpu1 = cpuMs(c.pid());
                    IngressRun ir = new IngressRun(order, recording, r, (cpu1 - cpu0) * 1000.0 / Math.max(1, r.answered()));
                    out.add(ir);
                    log.accept(String.format(Locale.ROOT, "ops: ingress #%d recording %s: %.0f answered/s (%d × 200, %d × 401, %d other), %.0f µs CPU/req",
                            order, recording ? "on" : "off", r.perSec(), r.accepted(), r.rejected(), r.other(), ir.cpuUsPerReq()));
                }
            }
            notes.add("rejections recorded by the recording ingress (its `sluice_ingress_rejections_recorded_total`): "
                    + OpsLoad.metric(onPort, "sluice_ingress_rejections_recorded_total")
                    + "; by the one with recording off: " + OpsLoad.metric(offPort, "sluice_ingress_rejections_recorded_total")
                    + " (absent = not recording).");
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
                + "the end. Off = `-D" + Processor.INDEX_PROPERTY + "=false` (no timelines, no read-back, no lookup "
                + "store). `index caught up` = how much later the read-back of the outputs was committed to their end "
                + "too. `out` = records in the default and route topics (must equal the input).");
        o.add("");
        o.add("| # | index | events/s (10→90 %) | events/s (whole) | seconds | processor CPU µs/event | broker CPU µs/event | index caught up (s) | out |");
        o.add("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (ProcRun r : proc) {
            o.add("| " + r.order() + " | " + (r.index() ? "on" : "off") + " | " + fmt0(r.steadyPerSec()) + " | "
                    + fmt0(r.wholePerSec()) + " | " + fmt1(r.seconds()) + (r.drained() ? "" : " (timed out)") + " | "
                    + fmt0(r.cpuUsPerEvent()) + " | " + fmt0(r.brokerUsPerEvent()) + " | "
                    + (r.index() ? fmt1(r.indexCaughtUpSeconds()) : "-") + " | " + r.out() + " |");
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
        o.add("Two ingress JVMs side by side, alternately loaded, closed model (" + plan.concurrency() + " requests in flight, "
                + plan.ingressRound().toSeconds() + " s per round after " + plan.ingressWarmup().toSeconds()
                + " s of warm-up for each), signed `hyperspell` deliveries of 1 KiB of which "
                + Math.round(plan.badShare() * 100) + " % have their body altered after signing (401 `invalid_signature`, "
                + "recorded to `topics.rejections` when recording is on). Off = `-D" + Ingress.REJECTIONS_PROPERTY
                + "=false`. Throughput counts every answered delivery (200 and 401).");
        o.add("");
        o.add("| # | recording | answered/s | 200 | 401 | other | ingress CPU µs/request | p50 ms | p99 ms |");
        o.add("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (IngressRun r : ingress) {
            OpsLoad.Result l = r.load();
            o.add("| " + r.order() + " | " + (r.recording() ? "on" : "off") + " | " + fmt0(l.perSec()) + " | "
                    + l.accepted() + " | " + l.rejected() + " | " + l.other() + " | " + fmt0(r.cpuUsPerReq()) + " | "
                    + fmt1(l.p50Ms()) + " | " + fmt1(l.p99Ms()) + " |");
        }
        o.add("");
        if (!ingress.isEmpty()) {
            double on = median(ingress.stream().filter(IngressRun::recording).mapToDouble(r -> r.load().perSec()).toArray());
            double off = median(ingress.stream().filter(r -> !r.recording()).mapToDouble(r -> r.load().perSec()).toArray());
            double onCpu = median(ingress.stream().filter(IngressRun::recording).mapToDouble(IngressRun::cpuUsPerReq).toArray());
            double offCpu = median(ingress.stream().filter(r -> !r.recording()).mapToDouble(IngressRun::cpuUsPerReq).toArray());
            o.add("Medians: recording on **" + fmt0(on) + "** answered/s, off **" + fmt0(off)
                    + "**. **Ingress throughput with recording / without: " + fmt2(on / off) + "**" + verdict(on / off)
                    + ". Ingress CPU per request, on / off: " + fmt2(onCpu / offCpu) + " (" + fmt0(onCpu) + " vs "
                    + fmt0(offCpu) + " µs).");
            o.add("");
        }
        if (!notes.isEmpty()) {
            notes.forEach(n -> o.add("- " + n));
            o.add("");
        }
        o.addAll(profiles);
        return String.join("\n", o) + "\n";
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

    /** The flags of {@code bin/sluice} (or BENCH_JAVA_OPTS), plus {@code extra}. */
    private static List<String> flags(List<String> extra) {
        List<String> f = new ArrayList<>();
        String env = System.getenv("BENCH_JAVA_OPTS");
        if (env != null && !env.isBlank()) {
            f.addAll(List.of(env.trim().split("\\s+")));
        } else {
            f.addAll(List.of("-XX:+UseG1GC", "-Xms64m", "-Xmx256m")); // as bin/sluice runs ingress and processor
        }
        f.addAll(extra);
        return f;
    }

    private static long cpuMs(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toMillis).orElse(-1L);
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
