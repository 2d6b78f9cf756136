package io.sluice.bench.harness;

import static io.sluice.bench.harness.Wrk.cpuMs;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.topics.TopicProvisioner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench/run [--quick] [--bootstrap HOST:PORT]}: measures the ingress and the processor beside
 * their ceilings (bare Vert.x, Kafka's ProducerPerformance, a pass-through topology) on one broker in
 * one run, and writes one report ({@code BENCHMARKS.md}) with the machine and the exact command.
 *
 * <p>Processes: this JVM is the orchestrator and the HTTP load client; the broker (unless
 * {@code --bootstrap}), the bare HTTP server, the ingress, each processor run, ProducerPerformance and
 * JMH each run in their own JVM ({@link Child}), so the memory of each is its own. Nothing is pinned:
 * on a small machine client and servers share the cores, and the report says so.
 */
public final class BenchMain {
    private static final List<String> STAGES = List.of("http", "relay", "ingress", "e2e", "up", "kafka", "processor",
            "jmh", "ops");
    private static final String SECRET = "bench-hyperspell-secret";
    static final String BARE = "bare Vert.x";
    static final String RELAY = "pass-through ingress";
    static final String INGRESS = "ingress";

    private final Settings s;
    private final Options o;
    private final Path results;
    private final String run;
    private final long started = System.nanoTime();
    private final Report report = new Report();
    private Child broker;
    private String bootstrap;
    /** The {@code ops} stage's section (OpsCostStage), appended to the report. */
    private String opsSection;
    /** Pre-signed deliveries per body size, shared by the HTTP stages (signed once, before any clock). */
    private final Map<Integer, Wrk.Pool> pools = new java.util.HashMap<>();
    private final Map<Integer, HttpStage.Cursor> cursors = new java.util.HashMap<>();

    private BenchMain(Settings s, Options o) throws IOException {
        this.s = s;
        this.o = o;
        this.run = "b" + DateTimeFormatter.ofPattern("MMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        this.results = o.results.resolve(run).toAbsolutePath();
        Files.createDirectories(results);
    }

    /** Command-line options. */
    static final class Options {
        boolean quick;
        String bootstrap;
        Path out = Path.of("BENCHMARKS.md");
        Path results = Path.of("bench/results");
        Set<String> only = new LinkedHashSet<>(STAGES);
        Set<String> jfr = new LinkedHashSet<>();
        String command = "bench/run";
        short replicationFactor = 1;
        List<Integer> sizes;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> o.quick = true;
                    case "--bootstrap" -> o.bootstrap = args[++i];
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--results" -> o.results = Path.of(args[++i]);
                    case "--only" -> o.only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    case "--jfr" -> o.jfr = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    case "--command" -> o.command = args[++i];
                    case "--replication-factor" -> o.replicationFactor = Short.parseShort(args[++i]);
                    case "--sizes" -> o.sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (known: --quick --bootstrap HOST:PORT --only " + String.join(",", STAGES)
                            + " --jfr STAGES --out FILE --results DIR --replication-factor N --sizes BYTES,...)");
                }
            }
            if (!STAGES.containsAll(o.only)) {
                throw new IllegalArgumentException("--only takes " + STAGES);
            }
            return o;
        }
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        int code;
        try {
            Settings settings = o.quick ? Settings.quickProfile() : Settings.defaults();
            if (o.sizes != null) {
                settings = settings.withBodySizes(o.sizes);
            }
            code = new BenchMain(settings, o).runAll();
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private int runAll() throws Exception {
        log("results and logs in " + results);
        String loadBefore = Machine.loadAverage();
        long machineBefore = Machine.busyCpuMs();
        long oursBefore = Machine.selfAndChildrenCpuMs();
        try {
            if (o.bootstrap == null) {
                broker = Child.start("kafka", childFlags("kafka", List.of("-Xms512m", "-Xmx1g")), List.of("kafka"),
                        results.resolve("kafka.log"), Duration.ofSeconds(90));
                bootstrap = broker.ready().get("bootstrap");
                log("embedded broker at " + bootstrap);
            } else {
                bootstrap = o.bootstrap;
            }
            for (String stage : STAGES) {
                if (!o.only.contains(stage)) {
                    continue;
                }
                if (elapsed().compareTo(s.budget()) > 0) {
                    report.note("Stage `" + stage + "` skipped: the run's time budget (" + s.budget().toMinutes()
                            + " min) was used up.");
                    continue;
                }
                log("stage " + stage);
                try {
                    switch (stage) {
                        case "kafka" -> kafkaCeiling();
                        case "http" -> http(BARE, "http", null);
                        case "relay" -> http(RELAY, "relay", writeConfig("relay", ingressConfig()));
                        case "ingress" -> http(INGRESS, "ingress", writeConfig("ingress", ingressConfig()));
                        case "e2e" -> endToEnd();
                        case "up" -> up();
                        case "processor" -> processor();
                        case "jmh" -> jmh();
                        case "ops" -> opsSection = new OpsCostStage(bootstrap, results, run, o.replicationFactor,
                                s.quick(), () -> broker == null ? null : broker.pid(), o.jfr.contains("ops"), this::log)
                                .run(o.command);
                        default -> throw new IllegalStateException(stage);
                    }
                } catch (Exception e) {
                    String why = e.getClass().getSimpleName() + ": " + e.getMessage();
                    report.note("Stage `" + stage + "` failed: " + why);
                    log("stage " + stage + " failed: " + why);
                    Files.writeString(results.resolve("errors.log"), stage + ": " + stackTrace(e) + "\n",
                            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
            }
            if (broker != null) {
                try {
                    report.memory("Kafka broker (embedded, whole run)", broker.stats(), flags("kafka", List.of("-Xms512m", "-Xmx1g")));
                } catch (IOException e) {
                    // a broker that is gone must not cost the whole report
                    report.note("The embedded broker's memory figures are missing: " + e.getMessage() + " (see kafka.log).");
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            for (Wrk.Pool p : pools.values()) {
                // hundreds of MiB of pre-signed requests: not worth keeping with the logs
                Files.deleteIfExists(p.file());
            }
        }
        long machineMs = Machine.busyCpuMs() - machineBefore;
        long oursMs = Machine.selfAndChildrenCpuMs() - oursBefore;
        report.context("load average (1/5/15 min) at start → end", loadBefore + " → " + Machine.loadAverage());
        if (machineBefore >= 0 && oursBefore >= 0) {
            double secs = elapsed().toMillis() / 1000.0;
            report.context("CPU used during the run", String.format(java.util.Locale.ROOT,
                    "this benchmark's processes %.0f core-s, other work on the machine %.0f core-s, of %.0f available",
                    oursMs / 1000.0, Math.max(0, machineMs - oursMs) / 1000.0,
                    secs * Runtime.getRuntime().availableProcessors()));
        }
        String md = report.render(s, o, elapsed(), bootstrap, results);
        if (opsSection != null) {
            md = md + "\n" + opsSection;
        }
        Files.writeString(o.out, md, StandardCharsets.UTF_8);
        Files.writeString(results.resolve("BENCHMARKS.md"), md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        log("wrote " + o.out.toAbsolutePath() + " in " + elapsed().toSeconds() + " s");
        return 0;
    }

    // ---- stages ---------------------------------------------------------------------------------

    /** Kafka's ceiling for the same records: unthrottled, then at the ingress's max rate when it was measured. */
    private void kafkaCeiling() throws Exception {
        String topic = run + ".perf";
        createTopics(List.of(topic));
        for (int size : s.bodySizes()) {
            List<Double> rates = new ArrayList<>(List.of(0.0));
            report.ingressMax(size).ifPresent(rates::add);
            for (double rate : rates) {
                KafkaCeiling.Result r = KafkaCeiling.run(bootstrap, topic, size, s.http().repeat(), rate,
                        childFlags("kafka-load", List.of("-Xmx512m")), results.resolve("kafka-load.log"));
                report.kafka(r);
                log(String.format("Kafka %d B%s: %.0f rec/s acked, p99 %.1f ms, producer %.1f µs/rec", size,
                        rate > 0 ? String.format(" at %.0f/s", rate) : " unthrottled", r.recordsPerSec(), r.p99(),
                        r.producerUs()));
            }
        }
    }

    /** The HTTP stage for the bare server ({@code config == null}), the relay or the ingress. */
    private void http(String label, String mode, Path config) throws Exception {
        if (!Wrk.available()) {
            throw new IllegalStateException("wrk is not installed (bench/run installs it: apt-get install -y wrk)");
        }
        SluiceConfig cfg = ConfigLoader.load(config != null ? config : writeConfig("ingress", ingressConfig()));
        SourceConfig source = cfg.source("bench").orElseThrow();
        if (config != null) {
            TopicProvisioner.ensure(cfg, 60);
        }
        List<String> flags = flags(mode, List.of());
        List<String> args = config == null ? List.of(mode) : List.of(mode, config.toString());
        Settings.Http h = s.http();
        try (Child server = Child.start(mode, childFlags(mode, List.of()), args, results.resolve(mode + ".log"),
                Duration.ofSeconds(90))) {
            int port = Integer.parseInt(server.ready().get("port"));
            long serverPid = server.pid();
            Path wrkLog = results.resolve("wrk-" + mode + ".log");
            for (int size : s.bodySizes()) {
                Wrk.Pool pool = pool(source, size);
                for (String line : HttpStage.warmUp(pool, cursors.get(size), results, port, h, wrkLog)) {
                    log(label + " " + line);
                }
            }
            if (o.jfr.contains(mode)) {
                server.startJfr(results.resolve(mode + ".jfr"));
            }
            for (int size : s.bodySizes()) {
                java.util.function.Supplier<long[]> cpu = () -> {
                    long[] gc = gcNow(server);
                    return new long[]{cpuMs(serverPid), broker == null ? -1 : cpuMs(broker.pid()), Machine.busyCpuMs(),
                            Wrk.sysMs(serverPid), gc[0], gc[1], gc[2], gc[3]};
                };
                HttpStage.Figures f = HttpStage.measure(label, pool(source, size), cursors.get(size), results, port, h,
                        cpu, wrkLog, m -> log(m));
                f = f.withCalibration(HttpStage.calibrate(pool(source, size), results, port, h, cpu, wrkLog,
                        m -> log(label + " " + size + " B: " + m)));
                report.http(f);
            }
            report.memory(label + " (all HTTP runs above)", server.stats(), flags);
        }
        summarizeJfr(mode);
    }

    /**
     * The server's {gcCount, gcPauseMs, gcMaxPauseMs (since the previous call), allocBytes}, or -1s:
     * asked at each run's window ends, so a run's pauses and allocation are its own.
     */
    private static long[] gcNow(Child server) {
        try {
            Map<String, String> g = server.gc();
            return new long[]{Long.parseLong(g.get("gcCount")), Long.parseLong(g.get("gcPauseMs")),
                    Long.parseLong(g.get("gcMaxPauseMs")), Long.parseLong(g.get("allocBytes"))};
        } catch (IOException | RuntimeException e) {
            return new long[]{-1, -1, -1, -1};
        }
    }

    /** The pool of pre-signed deliveries of one size, written once per run (signing never counts against a server). */
    private Wrk.Pool pool(SourceConfig source, int size) throws IOException {
        Wrk.Pool p = pools.get(size);
        if (p == null) {
            long t0 = System.nanoTime();
            int perRequest = size + 300;
            int count = (int) Math.min(2_000_000, Math.max(10_000, s.http().poolBytes() / perRequest));
            count -= count % s.http().threads();
            p = Wrk.writePool(results.resolve("deliveries-" + size + ".bin"), source, run + "-" + size, count, size);
            pools.put(size, p);
            cursors.put(size, new HttpStage.Cursor());
            log(String.format("signed %d deliveries of %d B in %.1f s", count, size, (System.nanoTime() - t0) / 1e9));
        }
        return p;
    }

    /**
     * End-to-end latency, twice, each on fresh topics with a fresh ingress and processor (own JVMs):
     * at half the ingress's max (as issue 16 asks; the processor may not keep up there), then at half
     * the rate the processor drained the raw topic in that first run (a rate it sustains; its lag
     * over the run shows whether it did).
     */
    private void endToEnd() throws Exception {
        int size = s.bodySizes().get(0);
        java.util.Optional<Double> max = report.ingressMax(size);
        if (max.isEmpty()) {
            report.note("End-to-end latency not measured: it runs at half the ingress's max, so it needs the `ingress` stage.");
            return;
        }
        List<EndToEnd.Measured> runs = new ArrayList<>();
        double half = Math.max(25, Math.floor(max.get() / 2));
        EndToEnd.Measured a = endToEndRun("e2e", "half the ingress's max", half);
        runs.add(a);
        // always both: even when the processor kept up at half the max, its backlog may dominate there
        double sustained = Math.max(25, Math.floor(Math.min(a.processedPerSec(), half) / 2));
        runs.add(endToEndRun("e2e2", "half the processor's drain rate in the run above", sustained));
        Duration commit = ConfigLoader.load(results.resolve("e2e.yaml")).processor().commitInterval();
        report.endToEnd(runs, commit, size, s.http().warmup());
    }

    private EndToEnd.Measured endToEndRun(String tag, String label, double rate) throws Exception {
        int size = s.bodySizes().get(0);
        Settings.Http h = s.http();
        String prefix = run + "." + tag;
        String group = "bench-" + run + "-" + tag;
        String yaml = baseConfig(prefix + ".raw", prefix + ".events", prefix + ".dlq")
                + "ingress:\n  host: 127.0.0.1\n  port: 0\n"
                + "processor:\n  port: 0\n  application-id: " + group + "\n  state-dir: "
                + results.resolve("state-" + tag) + "\n"
                + "routes:\n  - topic: " + prefix + ".index\n    sources: [bench]\n    types: [\"index-*\"]\n";
        Path config = writeConfig(tag, yaml);
        SluiceConfig cfg = ConfigLoader.load(config);
        TopicProvisioner.ensure(cfg, 60);
        SourceConfig source = cfg.source("bench").orElseThrow();
        Wrk.Pool pool = pool(source, size);
        HttpStage.Cursor cursor = cursors.get(size);
        Path wrkLog = results.resolve("wrk-" + tag + ".log");
        Duration commit = cfg.processor().commitInterval();
        try (Child processor = Child.start(tag + "-processor", childFlags("processor", List.of()), env("processor"),
                List.of("processor", config.toString()), results.resolve(tag + "-processor.log"), Duration.ofSeconds(150));
             Child ingress = Child.start(tag + "-ingress", childFlags("ingress", List.of()),
                     List.of("ingress", config.toString()), results.resolve(tag + "-ingress.log"), Duration.ofSeconds(90));
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                     Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int port = Integer.parseInt(ingress.ready().get("port"));
            // warm-up at the measured rate: closed-model rounds would leave the processor a backlog
            Wrk.Result warm = Wrk.run(pool, results, port, h.threads(), h.connections(), rate, h.warmup(), cursor.next,
                    () -> new long[]{0, 0, 0}, wrkLog);
            HttpStage.advance(cursor, warm, h);
            log(String.format("%s warm-up at %.0f/s: %.0f/s 2xx", tag, rate, warm.ok()));
            Thread.sleep(3_000);
            long ingressPid = ingress.pid();
            long processorPid = processor.pid();
            String raw = prefix + ".raw";
            Wrk.Result[] load = new Wrk.Result[1];
            EndToEnd.Lag[] lag = new EndToEnd.Lag[2];
            EndToEnd.Result r = EndToEnd.run(bootstrap, List.of(prefix + ".index", prefix + ".events"), source,
                    run + "-" + tag, port, size, s.quick() ? 20 : 50, h.repeat(), commit.plusSeconds(10), () -> {
                        lag[0] = EndToEnd.Lag.sample(admin, group, raw);
                        load[0] = Wrk.run(pool, results, port, h.threads(), h.connections(), rate, h.repeat(), cursor.next,
                                () -> new long[]{cpuMs(ingressPid), cpuMs(processorPid), Machine.busyCpuMs()}, wrkLog);
                        lag[1] = EndToEnd.Lag.sample(admin, group, raw);
                        HttpStage.advance(cursor, load[0], h);
                    });
            EndToEnd.Measured m = new EndToEnd.Measured(label, rate, r, load[0], lag[0], lag[1]);
            log(String.format("%s at %.0f/s: %d probes, %d seen, 200→readable p50 %.1f p99 %.1f p99.9 %.1f ms; raw lag %d → %d,"
                            + " appended %.0f/s, processed %.0f/s (%s)", tag, rate, r.probes(), r.seen(), r.p(50), r.p(99),
                    r.p(99.9), m.start().lag(), m.end().lag(), m.appendedPerSec(), m.processedPerSec(),
                    m.keptUp() ? "kept up" : "fell behind"));
            return m;
        }
    }

    /**
     * {@code bin/sluice up} (broker, processor, ingress and admin API in one JVM, bin/sluice's flags)
     * under the ingress's half-max load: its peak resident set for the memory table.
     */
    private void up() throws Exception {
        int size = s.bodySizes().get(0);
        java.util.Optional<Double> max = report.ingressMax(size);
        double rate = max.map(m -> Math.max(25, Math.floor(m / 2))).orElse(2_000.0);
        SourceConfig source = ConfigLoader.load(writeConfig("ingress", ingressConfig())).source("bench").orElseThrow();
        Wrk.Pool pool = pool(source, size);
        HttpStage.Cursor cursor = cursors.get(size);
        String sources = "sources:\n  - name: bench\n    scheme: hyperspell\n    secrets: [\"" + SECRET + "\"]\n"
                + "    tolerance: 2h\n";
        UpStage.Result r = UpStage.run(Path.of("").toAbsolutePath(), results, sources, pool, cursor, s.http(), rate,
                s.http().repeat(), this::log);
        Map<String, String> stats = new java.util.LinkedHashMap<>();
        stats.put("rssPeak", String.valueOf(r.rssPeakBytes()));
        stats.put("rss", String.valueOf(r.rssEndBytes()));
        stats.put("cpuMs", String.valueOf(r.cpuMs()));
        report.memory("`bin/sluice up`: broker, processor, ingress, admin in one JVM (" + Math.round(rate)
                + " req/s offered for " + s.http().repeat().toSeconds() + " s, " + Math.round(r.load().ok())
                + " 2xx/s)", stats, List.of(r.flags()));
        report.note(String.format(java.util.Locale.ROOT, "`bin/sluice up` under load: %.0f req/s offered%s for %d s, "
                        + "%.0f answered 2xx/s (p99 %.1f ms); its processor had committed %d of %d raw offsets %.1f s "
                        + "after the load stopped%s; RSS peak %s (target ≤ 700 MiB).", rate,
                max.isPresent() ? " (half the ingress's max)" : " (no ingress max measured in this run)",
                s.http().repeat().toSeconds(), r.load().ok(), r.load().p99(), r.committed(), r.rawRecords(),
                r.catchUpSeconds(), r.committed() >= r.rawRecords() ? " (caught up)" : " (**not caught up**)",
                Report.mib(String.valueOf(r.rssPeakBytes()))));
        log(String.format("up: RSS peak %s, %.0f 2xx/s", Report.mib(String.valueOf(r.rssPeakBytes())), r.load().ok()));
    }

    private void processor() throws Exception {
        int size = 1024;
        // each input starts with a warm-up part that every run processes before its clock starts
        ProcessorStage.Input in0 = ProcessorStage.produce(bootstrap, prepareTopic(run + ".in0"), run + "-p0",
                s.processorWarmup(), s.processorEvents(), size, 0.0, 1);
        ProcessorStage.Input in30 = ProcessorStage.produce(bootstrap, prepareTopic(run + ".in30"), run + "-p30",
                s.processorWarmup(), s.processorEvents(), size, 0.30, 2);
        log("processor input written: " + in0 + ", " + in30);
        // The broker's transaction and consumer-group paths are cold until a first exactly-once
        // application has run: a short pass-through on a small input warms them, and is not reported.
        ProcessorStage.Input warm = ProcessorStage.produce(bootstrap, prepareTopic(run + ".warm"), run + "-pw",
                Math.max(2_000, s.processorEvents() / 10), size, 0.0, 3);
        processorRun(null, "passthrough", "warmup", warm);
        // Each topology on both inputs, interleaved so that a change in the machine's load during the
        // stage does not fall on one topology only; ratios are taken at the same duplicate share. The
        // target pair (Sluice / at-least-once at 0 %) runs TARGET_PAIRS times, S, A, S, A, ...: single
        // runs of it were noise-dominated; the report takes the median of each side.
        for (int i = 1; i <= ProcessorStage.TARGET_PAIRS; i++) {
            processorRun("sluice topology", "processor", ProcessorStage.repeat(ProcessorStage.REAL0, i), in0);
            processorRun("pass-through, at_least_once", "passthrough-alos", ProcessorStage.repeat(ProcessorStage.ALOS0, i), in0);
        }
        processorRun("pass-through, exactly_once_v2", "passthrough", ProcessorStage.EOS0, in0);
        processorRun("sluice topology", "processor", ProcessorStage.REAL30, in30);
        processorRun("pass-through, at_least_once", "passthrough-alos", ProcessorStage.ALOS30, in30);
        processorRun("pass-through, exactly_once_v2", "passthrough", ProcessorStage.EOS30, in30);
        if (!o.jfr.contains("processor")) {
            // Where the Sluice topology's time goes, from this run: one more run on the 0 % input with a
            // JFR recording of its timed part. Separate from the timed runs above, whose rates the
            // recording would slow down (JFR's own cost); its rate is in no ratio.
            processorRun(null, "processor", ProcessorStage.PROFILE0, in0);
            summarizeJfr(ProcessorStage.PROFILE0, "Sluice topology on the 0 % input (an extra run after the timed ones,"
                    + " recorded with JFR's profile settings over its timed part; its rate is in no ratio)");
        }
    }

    private String prepareTopic(String topic) throws Exception {
        createTopics(List.of(topic));
        return topic;
    }

    /** One timed processor (or pass-through) JVM on {@code input}; {@code label == null}: a warm-up, not reported. */
    private void processorRun(String label, String mode, String name, ProcessorStage.Input input) throws Exception {
        String prefix = run + "." + name;
        String appId = "bench-" + run + "-" + name;
        Path stateDir = results.resolve("state-" + name);
        String yaml = baseConfig(input.topic(), prefix + ".events", prefix + ".dlq")
                + "processor:\n  port: 0\n  application-id: " + appId + "\n  state-dir: " + stateDir + "\n"
                + "routes:\n  - topic: " + prefix + ".index\n    sources: [bench]\n    types: [\"index-*\"]\n";
        Path config = writeConfig(name, yaml);
        SluiceConfig cfg = ConfigLoader.load(config);
        TopicProvisioner.ensure(cfg, 60);
        List<String> outputs = mode.startsWith("passthrough") ? List.of(prefix + ".events")
                : List.of(prefix + ".events", prefix + ".index", prefix + ".dlq");
        List<String> flags = shown(mode, flags(mode, List.of()));
        Child child = Child.start(name, childFlags(mode, List.of()), env(mode), List.of(mode, config.toString()),
                results.resolve(name + ".log"), Duration.ofSeconds(150));
        ProcessorStage.Run r;
        try {
            long childPid = child.pid();
            r = ProcessorStage.time(name, child, input, bootstrap, appId, stateDir, outputs,
                    label == null && !name.equals(ProcessorStage.PROFILE0) ? Duration.ofSeconds(60) : s.processorTimeout(),
                    cfg.processor().commitInterval(),
                    () -> new long[]{cpuMs(childPid), broker == null ? -1 : cpuMs(broker.pid()),
                            cpuMs(ProcessHandle.current().pid()), Machine.busyCpuMs()},
                    (label != null || name.equals(ProcessorStage.PROFILE0)) && jfrWanted(name)
                            ? results.resolve(name + ".jfr") : null);
        } finally {
            child.close();
        }
        log(String.format("%s %s: %.0f events/s steady, %.1f s, out %d, state %d B", label == null ? "(untimed)" : label, name,
                r.steadyPerSec(), r.seconds(), r.outRecords(), r.stateBytes()));
        if (label == null) {
            return;
        }
        report.processor(label, r);
        report.memory(label + " (" + name + ": " + Report.pct(input) + " duplicates)", r.stats(), flags);
        summarizeJfr(name);
    }

    private void jmh() throws Exception {
        if (!JmhStage.available()) {
            report.note("JMH: `" + JmhStage.BENCHMARK + "` is not on the classpath; verifier figures missing.");
            return;
        }
        List<JmhStage.Row> rows = JmhStage.run(s.jmh(), results, results.resolve("jmh.log"),
                s.quick() ? Duration.ofMinutes(3) : Duration.ofMinutes(6));
        report.jmh(rows, s.jmh());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private String ingressConfig() {
        return baseConfig(run + ".raw", run + ".events", run + ".dlq")
                + "ingress:\n  host: 127.0.0.1\n  port: 0\n";
    }

    private String baseConfig(String raw, String def, String dlq) {
        return "kafka:\n  bootstrap-servers: \"" + bootstrap + "\"\n"
                + "topics:\n  raw: " + raw + "\n  default: " + def + "\n  dead-letter: " + dlq + "\n"
                + "  partitions: 3\n  replication-factor: " + o.replicationFactor + "\n"
                + "sources:\n  - name: bench\n    scheme: hyperspell\n    secrets: [\"" + SECRET + "\"]\n"
                // deliveries are signed once per run, before the HTTP stages: they must stay valid
                + "    tolerance: 2h\n";
    }

    private Path writeConfig(String name, String yaml) throws IOException {
        Path f = results.resolve(name + ".yaml");
        Files.writeString(f, yaml, StandardCharsets.UTF_8);
        return f;
    }

    private void createTopics(List<String> topics) {
        String yaml = baseConfig(topics.get(0), topics.get(0), topics.get(0));
        TopicProvisioner.ensure(new ConfigLoader(Map.of()).parse(yaml), 60);
    }

    /** {@code bin/sluice ingress}'s JVM flags. */
    static final List<String> INGRESS_FLAGS = List.of("-XX:+UseG1GC", "-Xms64m", "-Xmx256m");
    /** {@code bin/sluice processor}'s JVM flags (its image and manifests give it the same heap under 1 GiB). */
    static final List<String> PROCESSOR_FLAGS = List.of("-XX:+UseG1GC", "-Xms64m", "-Xmx192m");
    /**
     * The environment {@code bin/sluice processor} (and the processor image) adds: at most two glibc
     * malloc arenas, so RocksDB's and the JIT compiler's native allocations from many threads do not
     * each grow an arena of their own.
     */
    static final Map<String, String> PROCESSOR_ENV = Map.of("MALLOC_ARENA_MAX", "2");

    /** True for the modes that run a processor (the Sluice topology or a pass-through topology). */
    static boolean isProcessor(String mode) {
        return mode.equals("processor") || mode.startsWith("passthrough");
    }

    /**
     * The JVM flags of a measured process: those of {@code bin/sluice} for its subcommand (or
     * BENCH_JAVA_OPTS), plus extras. Pass-through topologies get the processor's, so the pair compares
     * topologies, not JVM settings.
     */
    static List<String> flags(String mode, List<String> extra) {
        List<String> f = new ArrayList<>();
        String env = System.getenv("BENCH_JAVA_OPTS");
        if (!extra.isEmpty()) {
            f.add("-XX:+UseG1GC");
            f.addAll(extra);
        } else if (env != null && !env.isBlank()) {
            f.addAll(Arrays.asList(env.trim().split("\\s+")));
        } else {
            f.addAll(isProcessor(mode) ? PROCESSOR_FLAGS : INGRESS_FLAGS);
        }
        return f;
    }

    /** The environment of a measured process: bin/sluice's for the subcommand. */
    static Map<String, String> env(String mode) {
        return isProcessor(mode) ? PROCESSOR_ENV : Map.of();
    }

    /** Flags as the report shows them: the environment bin/sluice adds, then the JVM flags. */
    static List<String> shown(String mode, List<String> flags) {
        List<String> f = new ArrayList<>();
        env(mode).forEach((k, v) -> f.add(k + "=" + v));
        f.addAll(flags);
        return f;
    }

    /** The flags of a measured child process. */
    private List<String> childFlags(String name, List<String> extra) {
        // JFR itself is started over the child's stdin once warm (see ChildMain), so start-up and
        // warm-up stay out of the profile
        return new ArrayList<>(flags(name, extra));
    }

    private boolean jfrWanted(String name) {
        if (!ProcessorStage.base(name).equals(name)) {
            return false; // a repeat of a processor run: the first run's profile stands for the topology
        }
        return o.jfr.contains(name) || name.equals(ProcessorStage.PROFILE0)
                || (o.jfr.contains("processor") && name.startsWith("real"))
                || (o.jfr.contains("passthrough") && name.startsWith("pt"));
    }

    private void summarizeJfr(String name) {
        summarizeJfr(name, name);
    }

    private void summarizeJfr(String name, String title) {
        Path f = results.resolve(name + ".jfr");
        if (!Files.exists(f)) {
            return;
        }
        try {
            List<String> lines = JfrSummary.summarize(f, 15);
            Files.write(results.resolve(name + "-jfr.md"), lines, StandardCharsets.UTF_8);
            report.profile(title, lines);
        } catch (Exception e) {
            report.note("JFR summary of " + name + " failed: " + e.getMessage());
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void log(String msg) {
        System.err.printf("[bench %4ds] %s%n", elapsed().toSeconds(), msg);
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    /** Exposed for the report: the stage names in order. */
    static List<String> stages() {
        return STAGES;
    }

    static Map<String, String> machine() {
        return new LinkedHashMap<>(Machine.describe());
    }
}
