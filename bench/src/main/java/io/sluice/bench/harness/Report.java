package io.sluice.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the measured figures of one run and renders {@code BENCHMARKS.md}. Nothing here is typed in. */
final class Report {
    private final List<HttpStage.Figures> http = new ArrayList<>();
    private final List<KafkaCeiling.Result> kafka = new ArrayList<>();
    private final List<String[]> processorRows = new ArrayList<>();
    private final Map<String, ProcessorStage.Run> processorRuns = new LinkedHashMap<>();
    private final List<String[]> memory = new ArrayList<>();
    private List<JmhStage.Row> jmh = List.of();
    private List<String> jmhArgs = List.of();
    private final Map<String, List<String>> profiles = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> context = new LinkedHashMap<>();

    /** An extra line of the machine table (load, CPU used by other work). */
    void context(String key, String value) {
        context.put(key, value);
    }

    void http(HttpStage.Figures f) {
        http.add(f);
    }

    void kafka(KafkaCeiling.Result r) {
        kafka.add(r);
    }

    void processor(String label, ProcessorStage.Run r) {
        processorRuns.put(r.name(), r);
        processorRows.add(new String[]{label, r.name()});
    }

    void memory(String process, Map<String, String> stats, List<String> flags) {
        memory.add(new String[]{process, mib(stats.get("heapUsedPeak")), mib(stats.get("heapLiveAfterGcPeak")),
                mib(stats.get("heapCommittedPeak")), mib(stats.get("rssPeak")), mib(stats.get("rss")),
                secs(stats.get("cpuMs")), stats.getOrDefault("gcCount", "-") + " / " + secs(stats.get("gcMs")) + " s",
                "`" + String.join(" ", flags) + "`"});
    }

    void jmh(List<JmhStage.Row> rows, List<String> args) {
        this.jmh = rows;
        this.jmhArgs = args;
    }

    void profile(String process, List<String> lines) {
        profiles.put(process, lines);
    }

    void note(String note) {
        notes.add(note);
    }

    String render(Settings s, BenchMain.Options o, Duration took, String bootstrap, Path results) {
        List<String> out = new ArrayList<>();
        out.add("# Sluice benchmarks");
        out.add("");
        out.add("Written by `bench/run` (" + (s.quick() ? "quick" : "default") + " profile) on "
                + DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0).toInstant())
                + ", in " + took.toSeconds() + " s. Every figure below was measured in that run; none is typed in."
                + " Re-run it to refresh this file.");
        out.add("");
        out.add("| machine | |");
        out.add("|---|---|");
        Machine.describe().forEach((k, v) -> out.add("| " + k + " | " + v + " |"));
        out.add("| Kafka | " + (o.bootstrap == null ? "embedded single-node KRaft broker (Kafka 4.3.1, own JVM) on " + bootstrap
                : "`--bootstrap " + o.bootstrap + "`") + " |");
        String commit = System.getProperty("bench.commit", "");
        if (!commit.isBlank()) {
            out.add("| commit | `" + commit + "` |");
        }
        context.forEach((k, v) -> out.add("| " + k + " | " + v + " |"));
        out.add("| command | `" + o.command + "` |");
        out.add("");
        out.add("**Read with care.** The load client, the server under test and the Kafka broker all run on these "
                + Runtime.getRuntime().availableProcessors() + " cores at once, on loopback, and nothing is pinned: "
                + "every figure is what this machine does with all three competing for the CPU, not what the ingress "
                + "or the processor would do alone. Each measured process is its own JVM. Raw logs: `"
                + results.getFileName() + "` under `bench/results/`.");
        out.add("");
        ingress(out, s);
        processor(out);
        memory(out);
        jmh(out);
        for (Map.Entry<String, List<String>> p : profiles.entrySet()) {
            out.add("## Profile: " + p.getKey() + " (JFR)");
            out.add("");
            out.addAll(p.getValue());
            out.add("");
        }
        if (!notes.isEmpty()) {
            out.add("## Notes from this run");
            out.add("");
            notes.forEach(n -> out.add("- " + n));
            out.add("");
        }
        return String.join("\n", out) + "\n";
    }

    private void ingress(List<String> out, Settings s) {
        out.add("## 1. Ingress beside its ceilings");
        out.add("");
        out.add("Signed `hyperspell` deliveries (HMAC-SHA256 of the body, timestamp in the body), every one unique, "
                + "signed before its run starts, `POST /webhooks/bench` over " + s.connections() + " keep-alive "
                + "connections. Each server is first warmed up (closed model, not reported) until two "
                + s.warmupRound().toSeconds() + "-s rounds per body size agree within 15 % (at most "
                + s.warmup().toSeconds() + " s): a cold JVM is several times slower. `max` is the highest fixed (open-model) rate that kept up: it starts at the "
                + "throughput of a closed-model probe (" + s.concurrency() + " requests in flight) and, while under 95 % of the rate is answered 200, "
                + "steps down 15 % (or to 95 % of what was achieved, when lower), at most " + s.sustainRetries()
                + " times. `half` is half that rate. Latency is measured from "
                + "each request's intended send time (coordinated-omission-free), in ms. The ingress answers only "
                + "after Kafka's acks=all acknowledgement; the bare Vert.x server reads the body and answers 200 at "
                + "once; ProducerPerformance sends records of the same size, acks=all, idempotent, linger.ms=5.");
        out.add("");
        out.add("| body | ingress max (req/s) | bare Vert.x max (req/s) | Kafka ProducerPerformance (rec/s) | ingress / HTTP ceiling | ingress / Kafka ceiling |");
        out.add("|---|---:|---:|---:|---:|---:|");
        for (int size : s.bodySizes()) {
            HttpStage.Figures ing = find("ingress", size);
            HttpStage.Figures bare = find("bare Vert.x", size);
            KafkaCeiling.Result k = kafka.stream().filter(r -> r.recordSize() == size).findFirst().orElse(null);
            double i = ing == null ? Double.NaN : ing.max().achieved();
            double h = bare == null ? Double.NaN : bare.max().achieved();
            double kr = k == null ? Double.NaN : k.recordsPerSec();
            out.add("| " + kib(size) + " | " + num(i) + " | " + num(h) + " | " + num(kr) + " | " + ratio(i, h)
                    + " | " + ratio(i, kr) + " |");
        }
        out.add("");
        out.add("| server | body | run | target/s | achieved/s | p50 | p99 | p99.9 | max | sent | errors |");
        out.add("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (HttpStage.Figures f : http) {
            row(out, f, "probe (closed, " + s.concurrency() + " in flight)", f.probe());
            for (int t = 0; t < f.tries().size(); t++) {
                LoadResult r = f.tries().get(t);
                boolean last = t == f.tries().size() - 1;
                row(out, f, (last ? "**max**" : "max try") + (r.sustained() ? "" : " (did not keep up)"), r);
            }
            row(out, f, "**half**", f.half());
        }
        out.add("");
        if (http.stream().anyMatch(f -> f.cpu() != null && f.cpu().requests() > 0)) {
            out.add("CPU time per answered request during the `max` run (from `/proc`: user + system), and how many "
                    + "of the cores the three processes kept busy together:");
            out.add("");
            out.add("| server | body | server µs/req | broker µs/req | load client µs/req | cores busy (these 3) | cores busy (other work on the machine) |");
            out.add("|---|---|---:|---:|---:|---:|---:|");
            for (HttpStage.Figures f : http) {
                HttpStage.CpuShare c = f.cpu();
                if (c == null || c.requests() == 0) {
                    continue;
                }
                double busy = (Math.max(0, c.serverMs()) + Math.max(0, c.brokerMs()) + Math.max(0, c.clientMs()))
                        / 1000.0 / c.seconds();
                out.add("| " + f.server() + " | " + kib(f.size()) + " | " + us(c.serverMs(), c.requests()) + " | "
                        + us(c.brokerMs(), c.requests()) + " | " + us(c.clientMs(), c.requests()) + " | "
                        + String.format(Locale.ROOT, "%.2f", busy) + " | "
                        + (Double.isNaN(c.otherCores()) ? "-" : String.format(Locale.ROOT, "%.2f", c.otherCores())) + " |");
            }
            out.add("");
        }
        if (!kafka.isEmpty()) {
            out.add("Kafka ceiling (ProducerPerformance steady state, after 20 % warm-up records; its latency is "
                    + "send-to-ack inside the producer, in whole ms as the tool prints it):");
            out.add("");
            out.add("| record | records | rec/s | MB/s | p50 | p99 | p99.9 |");
            out.add("|---|---:|---:|---:|---:|---:|---:|");
            for (KafkaCeiling.Result k : kafka) {
                out.add("| " + kib(k.recordSize()) + " | " + k.records() + " | " + num(k.recordsPerSec()) + " | "
                        + String.format(Locale.ROOT, "%.1f", k.mbPerSec()) + " | " + k.p50Ms() + " | " + k.p99Ms()
                        + " | " + k.p999Ms() + " |");
            }
            out.add("");
        }
    }

    private void row(List<String> out, HttpStage.Figures f, String label, LoadResult r) {
        out.add("| " + f.server() + " | " + kib(f.size()) + " | " + label + " | "
                + (r.targetRate() > 0 ? num(r.targetRate()) : "-") + " | " + num(r.achieved()) + " | "
                + ms(r.p(50)) + " | " + ms(r.p(99)) + " | " + ms(r.p(99.9)) + " | " + ms(r.p(100)) + " | "
                + r.sent() + " | " + r.errors() + (r.firstError() == null ? "" : " (" + r.firstError().replace("|", "/") + ")") + " |");
    }

    private void processor(List<String> out) {
        if (processorRuns.isEmpty()) {
            return;
        }
        out.add("## 2. Processor beside a pass-through topology");
        out.add("");
        out.add("Input written once before the clock starts, as the ingress writes it (key `bench:<sha256>`, "
                + "1 KiB body, `sluice.*` headers), to a 3-partition topic; each run is a fresh processor JVM (new "
                + "application id, empty state; a short unreported pass-through run first warms the broker's transaction "
                + "paths) timed from RUNNING until its committed input offsets reach the end. "
                + "The Sluice topology dedupes (RocksDB window store), normalizes to Avro `WebhookEvent` and routes "
                + "(half the events match a route, half go to the default topic); the pass-through reads the raw "
                + "topic and writes every record unchanged to one topic, with the same exactly_once_v2 settings. "
                + "`output` counts the records readable with read_committed afterwards (it must equal the unique "
                + "input for the Sluice topology and the whole input for the pass-through).");
        out.add("");
        out.add("| topology | input | duplicates | unique | events/s (10→90 %) | events/s (whole run) | seconds | output |");
        out.add("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String[] row : processorRows) {
            ProcessorStage.Run r = processorRuns.get(row[1]);
            out.add("| " + row[0] + " | " + r.input().records() + " | " + pct(r.input()) + " | " + r.input().unique()
                    + " | " + num(r.steadyPerSec()) + " | " + num(r.wholePerSec()) + " | "
                    + String.format(Locale.ROOT, "%.1f", r.seconds()) + (r.drained() ? "" : " (timed out)") + " | "
                    + (r.outRecords() < 0 ? "not counted" : String.valueOf(r.outRecords())) + " |");
        }
        ProcessorStage.Run real = processorRuns.get("real0");
        ProcessorStage.Run dup = processorRuns.get("real30");
        ProcessorStage.Run pt = processorRuns.get("pt0");
        out.add("");
        out.add("CPU time per input event during each run (from RUNNING to the last commit; `/proc`), and the cores "
                + "busy meanwhile:");
        out.add("");
        out.add("| topology | duplicates | processor µs/event | broker µs/event | cores busy (processor + broker) | cores busy (other work on the machine) |");
        out.add("|---|---:|---:|---:|---:|---:|");
        for (String[] row : processorRows) {
            ProcessorStage.Run r = processorRuns.get(row[1]);
            HttpStage.CpuShare c = r.cpu();
            double busy = (Math.max(0, c.serverMs()) + Math.max(0, c.brokerMs())) / 1000.0 / c.seconds();
            out.add("| " + row[0] + " | " + pct(r.input()) + " | " + us(c.serverMs(), c.requests()) + " | "
                    + us(c.brokerMs(), c.requests()) + " | " + String.format(Locale.ROOT, "%.2f", busy) + " | "
                    + (Double.isNaN(c.otherCores()) ? "-" : String.format(Locale.ROOT, "%.2f", c.otherCores())) + " |");
        }
        out.add("");
        if (real != null && pt != null) {
            out.add("Sluice topology / pass-through (same input, 0 % duplicates): **"
                    + ratio(real.steadyPerSec(), pt.steadyPerSec()) + "**"
                    + (dup != null ? "; with 30 % duplicates / pass-through: **" + ratio(dup.steadyPerSec(), pt.steadyPerSec()) + "**" : "")
                    + ".");
            out.add("");
        }
        if (real != null) {
            Map<String, String> st = real.stats();
            long keys = real.input().unique();
            out.add("Dedupe store after the 0 % run (" + keys + " keys; per-million figures are **extrapolated** "
                    + "linearly from this count, not measured at a million):");
            out.add("");
            out.add("| what | measured | per million keys (extrapolated) |");
            out.add("|---|---:|---:|");
            out.add("| state directory on disk after a clean close (RocksDB SST files, checkpoint) | "
                    + mib(String.valueOf(real.stateBytes())) + " | " + perMillion(real.stateBytes(), keys) + " |");
            addRocks(out, st, "rocksdb.total-sst-files-size", "RocksDB SST files (live, before close)", keys);
            addRocks(out, st, "rocksdb.size-all-mem-tables", "RocksDB memtables (off-heap; flushed at 16 MiB each, so bounded)", keys);
            addRocks(out, st, "rocksdb.estimate-table-readers-mem", "RocksDB index and filter blocks (off-heap, grows with keys)", keys);
            addRocks(out, st, "rocksdb.block-cache-usage", "RocksDB block cache in use (off-heap; capped by Kafka Streams' cache)", keys);
            out.add("");
            out.add("RocksDB reports " + st.getOrDefault("rocksdb.estimate-num-keys", "?") + " keys (estimate) in "
                    + st.getOrDefault("rocksdb.stores", "?") + " store instances/segments. The key is "
                    + "`bench:<64 hex>` (70 bytes) plus the window store's 12-byte time suffix and an 8-byte value.");
            out.add("");
        }
    }

    private void addRocks(List<String> out, Map<String, String> st, String key, String label, long keys) {
        String v = st.get(key);
        if (v == null) {
            return;
        }
        out.add("| " + label + " | " + mib(v) + " | " + perMillion(Long.parseLong(v), keys) + " |");
    }

    private void memory(List<String> out) {
        if (memory.isEmpty()) {
            return;
        }
        out.add("## 3. Memory of each process under the load above");
        out.add("");
        out.add("Sampled inside each JVM every 50 ms (`MemoryMXBean`; live heap = the heap pools' usage right after "
                + "the last collection, the peak of that) and from the kernel (`/proc/self/status`: `VmHWM` is the "
                + "peak resident set, `VmRSS` the current one when sampled at the end). Heap figures depend on the JVM "
                + "flags (shown): with no `-Xmx`, G1 lets the heap grow before collecting, so `heap used peak` "
                + "overstates what the process needs; `live heap` is the better guide to a heap limit.");
        out.add("");
        out.add("| process | heap used peak | live heap peak | heap committed peak | RSS peak (VmHWM) | RSS at end | CPU s | GCs / GC time | JVM flags |");
        out.add("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (String[] m : memory) {
            out.add("| " + String.join(" | ", m) + " |");
        }
        out.add("");
    }

    private void jmh(List<String> out) {
        if (jmh.isEmpty()) {
            return;
        }
        out.add("## 4. Verifiers (JMH)");
        out.add("");
        out.add("`io.sluice.bench.VerifierBenchmark`, short run (`" + String.join(" ", jmhArgs) + "`): few forks and "
                + "iterations, so the error bars are wide and the figures indicative only. Single-threaded: one "
                + "core verifying deliveries.");
        out.add("");
        out.add("| benchmark | params | mode | score | ± error | unit |");
        out.add("|---|---|---|---:|---:|---|");
        for (JmhStage.Row r : jmh) {
            out.add("| " + r.benchmark() + " | " + r.params() + " | " + r.mode() + " | " + num(r.score()) + " | "
                    + (Double.isNaN(r.error()) ? "-" : num(r.error())) + " | " + r.unit() + " |");
        }
        out.add("");
    }

    private HttpStage.Figures find(String server, int size) {
        return http.stream().filter(f -> f.server().equals(server) && f.size() == size).findFirst().orElse(null);
    }

    static String pct(ProcessorStage.Input in) {
        return String.format(Locale.ROOT, "%.0f %%", 100.0 * (in.records() - in.unique()) / in.records());
    }

    private static String kib(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String us(long ms, long requests) {
        return ms < 0 ? "-" : String.format(Locale.ROOT, "%.0f", ms * 1000.0 / requests);
    }

    static String mib(String bytes) {
        if (bytes == null) {
            return "-";
        }
        long b = Long.parseLong(bytes);
        return b < 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", b / 1024.0 / 1024.0);
    }

    private static String perMillion(long bytes, long keys) {
        return keys <= 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", bytes * (1_000_000.0 / keys) / 1024 / 1024);
    }

    private static String secs(String ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.1f", Long.parseLong(ms) / 1000.0);
    }
}
