package io.sluice.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
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
    private final List<String> endToEnd = new ArrayList<>();
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

    /** The end-to-end section: 200 at the ingress → readable (read_committed) on the routed topic. */
    void endToEnd(List<EndToEnd.Measured> runs, Duration commit, int size, Duration warmup) {
        endToEnd.add("## 1b. End to end: the ingress's 200 → readable on the routed topic");
        endToEnd.add("");
        EndToEnd.Result first = runs.get(0).result();
        endToEnd.add("Each row is its own run on fresh topics, with a fresh ingress and processor (each its own JVM; "
                + "processor `commit-interval` **" + commit.toMillis() + " ms**, exactly-once), wrk offering the "
                + "row's rate of " + kib(size) + " bodies (half route to an `index-*` topic, half to the default topic) "
                + "after a warm-up of " + warmup.toSeconds() + " s at that rate. First at **half the ingress's max** "
                + "(the issue's definition); then at **half the rate the processor drained** the raw topic in that "
                + "first run, a rate it sustains. A prober sent "
                + num(first.probeRate()) + " deliveries/s of its own, one at a time, and a `read_committed` consumer "
                + "noted when each became readable on its output topic (by `ce_id`). Latency from the 200's arrival "
                + "at the prober to the record's arrival at the consumer, ms; a probe never seen counts at the end "
                + "of the wait. `raw lag` = records on the raw topic not yet committed by the processor, at the "
                + "start → end of wrk's run (in brackets: seconds of the ingress's input at the end); the processor "
                + "**kept up** when its lag grew by less than one second of that input over the run. Where it did "
                + "not, or where the lag is still seconds of input, the latency is mostly the backlog's age, not the "
                + "pipeline's own delay.");
        endToEnd.add("");
        endToEnd.add("| rate | offered req/s | wrk 2xx/s | processor drained/s | raw lag start → end | processor kept up | probes 200 / seen | p50 | p99 | p99.9 | max | wrk p99 (ms) | ingress µs/req | processor µs/req |");
        endToEnd.add("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (EndToEnd.Measured m : runs) {
            EndToEnd.Result r = m.result();
            Wrk.Result load = m.load();
            endToEnd.add("| " + m.label() + " | " + num(m.rate()) + " | " + (load == null ? "-" : num(load.ok())) + " | "
                    + num(m.processedPerSec()) + " | " + m.start().lag() + " → " + m.end().lag() + " ("
                    + String.format(Locale.ROOT, "%.1f s", m.end().lag() / Math.max(1, m.appendedPerSec())) + ") | "
                    + (m.keptUp() ? "yes" : "**no**") + " | " + r.probes() + " / " + r.seen()
                    + (r.refused() > 0 ? " (" + r.refused() + " refused)" : "") + " | " + ms(r.p(50)) + " | "
                    + ms(r.p(99)) + " | " + ms(r.p(99.9)) + " | " + ms(r.p(100)) + " | "
                    + (load == null ? "-" : ms(load.p99())) + " | "
                    + (load == null ? "-" : us1(HttpStage.usPerRequest(load, load.cpu().serverMs()))) + " | "
                    + (load == null ? "-" : us1(HttpStage.usPerRequest(load, load.cpu().brokerMs()))) + " |");
        }
        endToEnd.add("");
    }

    /** The ingress's max for one body size, when the ingress stage ran. */
    java.util.Optional<Double> ingressMax(int size) {
        HttpStage.Figures f = find(BenchMain.INGRESS, size);
        return f == null || f.max() <= 0 ? java.util.Optional.empty() : java.util.Optional.of(f.max());
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
        out.addAll(endToEnd);
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
        if (http.isEmpty() && kafka.isEmpty()) {
            return;
        }
        Settings.Http h = s.http();
        out.add("## 1. Ingress beside its ceilings");
        out.add("");
        out.add("Load client: `wrk` (C, " + h.threads() + " threads) replaying pre-signed `hyperspell` deliveries "
                + "(HMAC-SHA256 of the body; signed before any clock starts) from a file, `POST /webhooks/bench`, "
                + "HTTP/1.1 keep-alive. Open model: " + h.connections() + " connections, each request due at its "
                + "slot of a fixed schedule (paced by the script; a slot that finds no free connection is sent late "
                + "and its lateness counted). **max** = the highest offered rate at which p99 (+ the schedule's own "
                + "p99 lateness) < " + (int) h.p99LimitMs() + " ms, ≥ " + pct(h.okShare()) + " answered 2xx, and the "
                + "2xx rate ≥ 97 % of the offered one, found by bisection (" + h.steps() + " runs of "
                + h.step().toSeconds() + " s, between 0 and 1.5× a closed-model probe with " + h.concurrency()
                + " connections; a failing step runs a second time and fails only if that fails too) and **confirmed by its own repeats**: " + h.repeats() + " runs of "
                + h.repeat().toSeconds() + " s at the rate found; unless a majority of them pass, the rate steps down by "
                + Math.round(h.stepDown() * 100) + " % and the repeats run again (at most " + h.stepDowns()
                + " times). max is the rate whose repeats passed (medians and min–max of those repeats); then one "
                + "run at half of it." + (s.quick() ? " **Quick profile: shorter runs than the "
                + "definition's 20 s; rough figures.**" : "") + " Latencies are wrk's, from the request's write to "
                + "its answer, in ms, without wrk's own closed-model correction (the schedule's lateness is counted "
                + "instead; docs/benchmarks.md). Each server is warmed up first (closed rounds until two agree within 15 %, at "
                + "most " + h.warmup().toSeconds() + " s; not reported). CPU per request: user + system time from "
                + "`/proc` over the run's measured window, divided by the 2xx answers in it. "
                + "Definitions: [docs/benchmarks.md](docs/benchmarks.md).");
        out.add("");
        out.add("Servers: **bare Vert.x** reads the body and answers 200; the **pass-through ingress** reads the "
                + "body, produces it with one shared KafkaProducer (acks=all, idempotent, linger.ms="
                + Relay.INGRESS_LINGER_MS + ", as the ingress) and answers 200 on the acknowledgement, no "
                + "verification; the **ingress** is Sluice's. Same event loops, same broker, same client, same run.");
        out.add("");
        for (int size : s.bodySizes()) {
            HttpStage.Figures ing = find(BenchMain.INGRESS, size);
            HttpStage.Figures relay = find(BenchMain.RELAY, size);
            HttpStage.Figures bare = find(BenchMain.BARE, size);
            if (ing == null && relay == null && bare == null) {
                continue;
            }
            out.add("### " + kib(size) + " bodies");
            out.add("");
            out.add("| server | max (offered req/s) | 2xx/s at max: median (min–max) | p99 at max: median (min–max) ms | repeats that passed | server µs/req (of which kernel) | broker µs/req | load client µs/req (of which kernel) | client / server CPU | at half max: p50 / p99 / p99.9 ms | confirmation: rate (repeats passed) |");
            out.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            for (HttpStage.Figures f : new HttpStage.Figures[]{bare, relay, ing}) {
                if (f == null) {
                    continue;
                }
                double srv = serverUs(f);
                double cli = clientUs(f);
                out.add("| " + f.server() + " | " + (f.found() ? num(f.max()) : "< " + num(f.max()) + " (not confirmed)")
                        + " | " + num(f.median(Wrk.Result::ok)) + " ("
                        + num(f.min(Wrk.Result::ok)) + "–" + num(f.maxOf(Wrk.Result::ok)) + ") | "
                        + ms(f.median(Wrk.Result::p99)) + " (" + ms(f.min(Wrk.Result::p99)) + "–"
                        + ms(f.maxOf(Wrk.Result::p99)) + ") | " + f.passed(h) + " of " + f.repeats().size() + " | "
                        + us1(srv) + " (" + us1(f.median(r -> HttpStage.usPerRequest(r, r.cpu().serverSysMs()))) + ") | "
                        + us1(brokerUs(f)) + " | " + us1(cli) + " ("
                        + us1(clientKernelUs(f)) + ") | " + ratio(cli, srv) + " | "
                        + ms(f.half().p50()) + " / " + ms(f.half().p99()) + " / " + ms(f.half().p999()) + " | "
                        + confirmation(f) + " |");
            }
            out.add("");
            gc(out, new HttpStage.Figures[]{bare, relay, ing});
            KafkaCeiling.Result k = kafka.stream().filter(r -> r.recordSize() == size && r.offered() == 0).findFirst().orElse(null);
            out.add("| ratio (" + kib(size) + ") | measured | target |");
            out.add("|---|---:|---|");
            if (ing != null && relay != null) {
                out.add("| ingress / pass-through ingress, max | **" + ratio(ing.max(), relay.max()) + "**" + unconfirmed(ing, relay)
                        + " | ≥ 0.9 |");
                out.add("| ingress / pass-through ingress, CPU per request (server) | **" + ratio(serverUs(ing), serverUs(relay))
                        + "** | ≤ 1.3 |");
            }
            if (ing != null) {
                out.add("| ingress p99 at half max (ms) | **" + ms(ing.half().p99()) + "** | ≤ 10 |");
            }
            if (ing != null && bare != null) {
                out.add("| ingress / bare Vert.x, max | " + ratio(ing.max(), bare.max()) + unconfirmed(ing, bare)
                        + " | (kept for reference) |");
            }
            if (relay != null && bare != null) {
                out.add("| pass-through ingress / bare Vert.x, max | " + ratio(relay.max(), bare.max()) + unconfirmed(relay, bare)
                        + " | |");
            }
            if (ing != null && k != null) {
                out.add("| ingress max / Kafka producer ceiling | " + ratio(ing.max(), k.recordsPerSec()) + unconfirmed(ing, ing)
                        + " | < 1 |");
            }
            if (bare != null) {
                double cli = clientUs(bare);
                double srv = serverUs(bare);
                double c = cli / srv;
                out.add("| load client / bare Vert.x, CPU per request | " + ratio(cli, srv) + " | ≤ 0.33 "
                        + (Double.isNaN(c) ? "" : c <= 1.0 / 3 ? "(met)" : "(**not met**: the bare ceiling is partly the client's; see below)") + " |");
                // Split the client's cost: its kernel time is loopback TCP, which on the sending side also
                // carries the receiver's input path, so no client that writes one request per write can get
                // under the target however little it does in user space; the user-space part is its own work.
                double kernel = clientKernelUs(bare);
                out.add("| load client's kernel time alone / bare Vert.x, CPU per request | " + ratio(kernel, srv)
                        + " | (a floor for any client sending one request per write on loopback) |");
                out.add("| load client's user-space time / bare Vert.x, CPU per request | " + ratio(cli - kernel, srv)
                        + " | (the client's own work) |");
                HttpStage.Calibration cal = bare.calibration();
                if (cal != null) {
                    Wrk.Result r = cal.result();
                    out.add("| the same with " + cal.depth() + " requests pipelined per write (calibration only) | "
                            + ratio(HttpStage.usPerRequest(r, r.cpu().clientMs()), HttpStage.usPerRequest(r, r.cpu().serverMs()))
                            + " | |");
                }
            }
            out.add("");
            clientCost(out, new HttpStage.Figures[]{bare, relay, ing});
        }
        if (!http.isEmpty()) {
            HttpStage.Figures any = http.get(0);
            long sent = http.stream().mapToLong(HttpStage.Figures::deliveriesSent).max().orElse(0);
            out.add("Deliveries: a pool of " + any.pool() + " unique signed deliveries per size, sent in order across "
                    + "all runs and servers (" + sent + " requests in all, so each delivery went out about "
                    + String.format(Locale.ROOT, "%.1f", (double) sent / Math.max(1, any.pool()))
                    + " times over the HTTP stages; the ingress does not deduplicate, the processor is not running here).");
            out.add("");
            out.add("Every run (probe = closed model; `late` = open-model slots sent more than 1 / 10 ms after their "
                    + "time because no connection was free; `other cores` = cores busy in other work on the machine meanwhile):");
            out.add("");
            out.add("| server | body | run | offered/s | 2xx/s | p50 | p99 | p99.9 | max | late >1 / >10 ms | non-2xx | errors, timeouts | server µs/req | client µs/req | GC pauses: n, ms (longest) | other cores | verdict |");
            out.add("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            for (HttpStage.Figures f : http) {
                runRow(out, f, "probe (closed, " + f.probe().connections() + " conns)", f.probe(), "");
                for (HttpStage.Try t : f.bisection()) {
                    runRow(out, f, "bisection", t.result(), t.passed() ? "passes" : "fails");
                }
                for (int k = 0; k < f.rounds().size(); k++) {
                    HttpStage.Round round = f.rounds().get(k);
                    boolean last = k == f.rounds().size() - 1;
                    for (int i = 0; i < round.repeats().size(); i++) {
                        Wrk.Result r = round.repeats().get(i);
                        runRow(out, f, (last ? "**max** #" : "repeat (not confirmed) #") + (i + 1), r,
                                HttpStage.passes(r, h) ? "passes" : "fails");
                    }
                }
                runRow(out, f, "**half**", f.half(), "");
                if (f.calibration() != null) {
                    runRow(out, f, "client calibration (closed, " + f.calibration().connections() + " conns × "
                            + f.calibration().depth() + " pipelined)", f.calibration().result(), "");
                }
            }
            out.add("");
        }
        if (!kafka.isEmpty()) {
            out.add("Kafka's own ceiling for the same records (own JVM, one KafkaProducer: key `bench:<64 hex>`, "
                    + "the body's size, the ingress's `sluice.*` headers, acks=all, idempotent, linger.ms="
                    + Relay.INGRESS_LINGER_MS + "): unthrottled, and at the ingress's max rate. Latency from each "
                    + "record's intended send time to its acknowledgement, ms; a fifth of the time is warm-up, not counted.");
            out.add("");
            out.add("| record | offered rec/s | acked rec/s | p50 | p99 | p99.9 | producer µs/rec |");
            out.add("|---|---:|---:|---:|---:|---:|---:|");
            for (KafkaCeiling.Result k : kafka) {
                out.add("| " + kib(k.recordSize()) + " | " + (k.offered() > 0 ? num(k.offered()) : "unthrottled") + " | "
                        + num(k.recordsPerSec()) + " | " + ms(k.p50()) + " | " + ms(k.p99()) + " | " + ms(k.p999()) + " | "
                        + us1(k.producerUs()) + " |");
            }
            out.add("");
        }
    }

    /**
     * Each server's stop-the-world GC pauses and allocation in the measured windows of its repeats at
     * max and of its run at half max: with 64 connections, a pause holds every request in flight, and
     * the schedule's slots that fall in it go out late (the open model's {@code late} column).
     */
    private void gc(List<String> out, HttpStage.Figures[] servers) {
        List<String> rows = new ArrayList<>();
        for (HttpStage.Figures f : servers) {
            if (f == null || f.repeats().isEmpty() || f.repeats().get(0).cpu().gc().pauses() < 0) {
                continue;
            }
            double perSec = f.median(r -> r.cpu().gc().pauses() / r.cpu().seconds());
            double msPerSec = f.median(r -> r.cpu().gc().pauseMs() / r.cpu().seconds());
            double longest = f.maxOf(r -> r.cpu().gc().maxPauseMs());
            double kib = f.median(Report::allocKib);
            Wrk.Result half = f.half();
            rows.add("| " + f.server() + " | " + num(perSec) + " | " + num(msPerSec) + " ("
                    + pct(msPerSec / 1000) + ") | " + ms(f.median(r -> r.cpu().gc().pauseMs() / Math.max(1.0, r.cpu().gc().pauses())))
                    + " | " + ms(longest) + " | " + us1(kib) + " | "
                    + (half.cpu().gc().pauses() < 0 ? "-" : num(half.cpu().gc().pauses() / half.cpu().seconds()) + " / "
                    + ms(half.cpu().gc().maxPauseMs()) + " / " + us1(allocKib(half))) + " |");
        }
        if (rows.isEmpty()) {
            return;
        }
        out.add("GC in the servers (G1's stop-the-world pauses over each run's measured window, from the server's "
                + "own GarbageCollectorMXBean notifications, whole ms; allocation from its threads' allocated-bytes "
                + "counter, per 2xx answer). Medians of the repeats at max; **longest** is the longest single pause "
                + "in any of them. A pause stops every event loop: the requests in flight wait it out, and with "
                + "every connection busy the schedule's next slots go out late.");
        out.add("");
        out.add("| server | pauses/s at max | pause ms per s (share of time) | mean pause ms | longest pause ms | allocated KiB/request | at half max: pauses/s / longest ms / KiB/request |");
        out.add("|---|---:|---:|---:|---:|---:|---|");
        out.addAll(rows);
        out.add("");
    }

    /** KiB allocated by the server per 2xx answer in a run's window, or NaN. */
    private static double allocKib(Wrk.Result r) {
        long bytes = r.cpu().gc().allocBytes();
        if (bytes < 0 || r.cpu().seconds() <= 0) {
            return Double.NaN;
        }
        double answered = (r.answered() - r.non2xx()) * r.cpu().seconds() / r.seconds();
        return answered <= 0 ? Double.NaN : bytes / 1024.0 / answered;
    }

    /** A marker for a ratio of maxes of which one or both were not confirmed by their repeats. */
    private static String unconfirmed(HttpStage.Figures a, HttpStage.Figures b) {
        return a.found() && b.found() ? "" : " (a max not confirmed)";
    }

    /** "28,775 (1 of 3) → 25,897 (3 of 3)": each confirmation round's rate and how many repeats passed. */
    private static String confirmation(HttpStage.Figures f) {
        List<String> parts = new ArrayList<>();
        for (HttpStage.Round r : f.rounds()) {
            parts.add(num(r.rate()) + " (" + r.passed() + " of " + r.repeats().size() + ")");
        }
        return String.join(" → ", parts);
    }

    /**
     * The load client's cost: as measured (one request per write, the medians at max) and in the
     * calibration run (pipelined, one pre-built buffer), with the client's kernel share.
     */
    private void clientCost(List<String> out, HttpStage.Figures[] servers) {
        List<String> rows = new ArrayList<>();
        for (HttpStage.Figures f : servers) {
            if (f == null) {
                continue;
            }
            double srv = serverUs(f);
            double cli = clientUs(f);
            rows.add("| " + f.server() + " | open, " + f.repeats().get(0).connections() + " conns, 1 request per write "
                    + "(medians at max) | " + num(f.median(Wrk.Result::ok)) + " | " + ms(f.median(Wrk.Result::p50)) + " / "
                    + ms(f.median(Wrk.Result::p99)) + " | " + us1(srv) + " ("
                    + us1(f.median(r -> HttpStage.usPerRequest(r, r.cpu().serverSysMs()))) + ") | " + us1(cli) + " ("
                    + us1(f.median(r -> HttpStage.usPerRequest(r, r.cpu().clientSysMs()))) + ") | " + ratio(cli, srv) + " |");
            HttpStage.Calibration c = f.calibration();
            if (c != null) {
                Wrk.Result r = c.result();
                double cs = HttpStage.usPerRequest(r, r.cpu().serverMs());
                double cc = HttpStage.usPerRequest(r, r.cpu().clientMs());
                rows.add("| " + f.server() + " | closed, " + c.connections() + " conns × " + c.depth()
                        + " pipelined per write, one pre-built buffer (calibration) | " + num(r.ok()) + " | "
                        + ms(r.p50()) + " / " + pct(r, r.p99()) + " (per write) | " + us1(cs) + " ("
                        + us1(HttpStage.usPerRequest(r, r.cpu().serverSysMs())) + ") | " + us1(cc) + " ("
                        + us1(HttpStage.usPerRequest(r, r.cpu().clientSysMs())) + ") | " + ratio(cc, cs) + " |");
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        out.add("Load client cost. The measurement above sends one request per write, as providers do: on loopback "
                + "the sender's kernel time also carries the receiver's TCP input, so a client that writes and reads "
                + "once per request costs about what the bare server does, whatever runs in user space (the kernel "
                + "share is in brackets). The calibration run writes several requests at once (HTTP/1.1 pipelining, "
                + "no Lua per request) to show the client's floor and the bare server's ceiling without most of the "
                + "client's cost; it sets no max: Vert.x answers a connection's pipelined requests one after another, "
                + "so for the relay and the ingress (answering on Kafka's acknowledgement) a write's latency is about "
                + "depth × a request's, which is not how providers call them.");
        out.add("");
        out.add("| server | client | 2xx/s | p50 / p99 ms | server µs/req (kernel) | client µs/req (kernel) | client / server |");
        out.add("|---|---|---:|---:|---:|---:|---:|");
        out.addAll(rows);
        out.add("");
    }

    private static double serverUs(HttpStage.Figures f) {
        return f.median(r -> HttpStage.usPerRequest(r, r.cpu().serverMs()));
    }

    private static double brokerUs(HttpStage.Figures f) {
        return f.median(r -> HttpStage.usPerRequest(r, r.cpu().brokerMs()));
    }

    private static double clientUs(HttpStage.Figures f) {
        return f.median(r -> HttpStage.usPerRequest(r, r.cpu().clientMs()));
    }

    /** The load client's kernel (system) CPU per request: its loopback TCP path. */
    private static double clientKernelUs(HttpStage.Figures f) {
        return f.median(r -> HttpStage.usPerRequest(r, r.cpu().clientSysMs()));
    }

    private void runRow(List<String> out, HttpStage.Figures f, String label, Wrk.Result r, String verdict) {
        out.add("| " + f.server() + " | " + kib(f.size()) + " | " + label + " | "
                + (r.targetRate() > 0 ? num(r.targetRate()) : "-") + " | " + num(r.ok()) + " | "
                + ms(r.p50()) + " | " + pct(r, r.p99()) + " | " + pct(r, r.p999()) + " | " + ms(r.pMax()) + " | "
                + r.late(1) + " / " + r.late(10) + " | " + r.non2xx() + " | " + r.socketErrors() + ", " + r.timeouts() + " | "
                + us1(HttpStage.usPerRequest(r, r.cpu().serverMs())) + " | " + us1(HttpStage.usPerRequest(r, r.cpu().clientMs()))
                + " | " + gcCell(r.cpu().gc())
                + " | " + (Double.isNaN(r.cpu().otherCores()) ? "-" : String.format(Locale.ROOT, "%.2f", r.cpu().otherCores()))
                + " | " + verdict + " |");
    }

    private static String gcCell(Wrk.Gc g) {
        return g.pauses() < 0 ? "-" : g.pauses() + ", " + g.pauseMs() + " (" + g.maxPauseMs() + ")";
    }

    /** A latency percentile, or "-" where it is 0 for a run with answers (wrk's own, when the script could not read its histogram). */
    private static String pct(Wrk.Result r, double v) {
        return v == 0 && r.pMax() > 0 ? "-" : ms(v);
    }

    private static String us1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private void processor(List<String> out) {
        if (processorRuns.isEmpty()) {
            return;
        }
        int warm = processorRuns.values().stream().mapToInt(r -> r.input().warmup()).max().orElse(0);
        out.add("## 2. Processor beside a pass-through topology");
        out.add("");
        out.add("Input written once before the clock starts, as the ingress writes it (key `bench:<sha256>`, "
                + "1 KiB body, `sluice.*` headers), to a 3-partition topic; each run is a fresh processor JVM (new "
                + "application id, empty state; a short unreported pass-through run first warms the broker's transaction "
                + "paths). Each input starts with a warm-up part (" + warm + " unique records, "
                + "not counted below) that every run processes before its clock starts, so that the fresh JVM's JIT "
                + "compilation is not timed; past it, the clock starts once the JVM's JIT compiler threads used less than "
                + ProcessorStage.JIT_QUIET_MS_PER_S + " ms of CPU over the last second (or once "
                + Math.round(ProcessorStage.JIT_WAIT_MAX_SHARE * 100) + " % of the measured records are done), "
                + "and the run is timed from there (`timed`: records from that committed offset) until its committed "
                + "input offsets reach the end. "
                + "The Sluice topology dedupes (RocksDB window store), normalizes to Avro `WebhookEvent` and routes "
                + "(half the events match a route, half go to the default topic); the pass-through reads the raw "
                + "topic and writes every record unchanged to one topic, with the processor's Streams settings and "
                + "either its exactly_once_v2 or at_least_once; each topology runs on the same two pre-filled inputs "
                + "(0 % and 30 % duplicates), interleaved; the target pair (Sluice topology and at-least-once "
                + "pass-through at 0 %) runs " + ProcessorStage.TARGET_PAIRS + " times, alternating (S, A, S, A, ...), "
                + "and the ratios below take the median of each side's runs. "
                + "`output` counts the records readable with read_committed afterwards (it must equal the unique "
                + "input for the Sluice topology and the whole input for a pass-through).");
        out.add("");
        out.add("| topology | run | input | timed (from offset) | duplicates | unique | events/s (10→90 %) | events/s (whole timed part) | seconds | output |");
        out.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String[] row : processorRows) {
            ProcessorStage.Run r = processorRuns.get(row[1]);
            out.add("| " + row[0] + " | " + r.name() + " | " + r.input().records() + " | " + r.timed() + " (" + r.timedFrom() + ")" + " | " + pct(r.input()) + " | " + r.input().unique()
                    + " | " + num(r.steadyPerSec()) + " | " + num(r.wholePerSec()) + " | "
                    + String.format(Locale.ROOT, "%.1f", r.seconds()) + (r.drained() ? "" : " (timed out)") + " | "
                    + (r.outRecords() < 0 ? "not counted" : String.valueOf(r.outRecords())) + " |");
        }
        ProcessorStage.Run real = processorRuns.get(ProcessorStage.REAL0);
        out.add("");
        out.add("CPU time per timed input event during each run's timed part (from the clock start past its warm-up to the last "
                + "commit; `/proc`), the cores busy meanwhile, and the time the processor JVM's JIT compilers spent "
                + "in it (near 0 once the warm-up was long enough):");
        out.add("");
        out.add("| topology | run | duplicates | processor µs/event | broker µs/event | cores busy (processor + broker) | cores busy (other work on the machine) | JIT ms in timed part |");
        out.add("|---|---|---:|---:|---:|---:|---:|---:|");
        for (String[] row : processorRows) {
            ProcessorStage.Run r = processorRuns.get(row[1]);
            HttpStage.CpuShare c = r.cpu();
            double busy = (Math.max(0, c.serverMs()) + Math.max(0, c.brokerMs())) / 1000.0 / c.seconds();
            out.add("| " + row[0] + " | " + r.name() + " | " + pct(r.input()) + " | " + us(c.serverMs(), c.requests()) + " | "
                    + us(c.brokerMs(), c.requests()) + " | " + String.format(Locale.ROOT, "%.2f", busy) + " | "
                    + (Double.isNaN(c.otherCores()) ? "-" : String.format(Locale.ROOT, "%.2f", c.otherCores())) + " | "
                    + (r.jitMs() < 0 ? "-" : String.valueOf(r.jitMs())) + " |");
        }
        out.add("");
        out.add("The processor JVM's CPU in each run's timed part by thread (`/proc/<pid>/task`), µs per input event: "
                + "JFR sees only Java code, not RocksDB's own flush and compaction threads:");
        out.add("");
        out.add("| run | by thread, µs/event |");
        out.add("|---|---|");
        for (String[] row : processorRows) {
            ProcessorStage.Run r = processorRuns.get(row[1]);
            StringBuilder b = new StringBuilder();
            r.threadMs().forEach((k, v) -> {
                double us = v * 1000.0 / r.timed();
                if (us >= 0.05) {
                    b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                            .append(String.format(Locale.ROOT, "%.1f", us));
                }
            });
            out.add("| " + r.name() + " | " + (b.length() == 0 ? "-" : b) + " |");
        }
        out.add("");
        out.addAll(ProcessorStage.ratioLines(processorRuns, Report::ratio, Report::num));
        if (real != null) {
            Map<String, String> st = real.stats();
            long keys = real.input().unique() + real.input().warmup();
            out.add("Dedupe store after the first 0 % run (`" + ProcessorStage.REAL0 + "`, " + keys + " keys; per-million figures are **extrapolated** "
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
                    + "`bench:<64 hex>` (70 bytes) plus the window store's 12-byte time suffix; its value is the event-index entry (IndexEntryCodec: type, deliveries, output topics; tens of bytes).");
            out.add("");
            millionKeys(out);
        }
    }

    /** The store measured at a million keys by its own run (DedupeStoreBench; docs/benchmarks.md), quoted as written. */
    private static void millionKeys(List<String> out) {
        Path file = Path.of("bench/reports/dedupe-store-1m.txt");
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            out.add("Measured, not extrapolated, at one million keys: `" + file + "`, written by `DedupeStoreBench` "
                    + "(its own run, not this one; the command is in docs/benchmarks.md), quoted as written:");
            out.add("");
            out.add("```");
            out.addAll(Files.readAllLines(file));
            out.add("```");
            out.add("");
        } catch (IOException e) {
            out.add("(" + file + " could not be read: " + e.getMessage() + ")");
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
