package io.sluice.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The HTTP measurement of one server (bare Vert.x, the pass-through "relay", or the ingress) for
 * one body size, with {@link Wrk} as the client:
 * <ol>
 *   <li>a closed-model probe ({@code concurrency} connections) sets the search range: 0 to 1.5× its rate;</li>
 *   <li>bisection over open-model rates: a rate passes when p99 (plus the schedule's own lateness)
 *       stays under the limit, at least {@code okShare} of the requests are answered 2xx, and the
 *       answers keep up with the rate; {@code max} is the highest rate that passed;</li>
 *   <li>confirmation: {@code repeats} runs at that rate; when fewer than a majority of them pass, the
 *       rate steps down by {@code stepDown} (a fixed fraction) and the repeats run again, at most
 *       {@code stepDowns} times. {@code max} is the rate whose repeats passed by majority (medians and
 *       spread of those repeats), then one run at half of it.</li>
 * </ol>
 */
final class HttpStage {

    /** One server × size: every run, and the max the bisection found. */
    record Figures(String server, int size, Wrk.Result probe, List<Try> bisection, List<Round> rounds, double max,
                   List<Wrk.Result> repeats, Wrk.Result half, long deliveriesSent, int pool, Calibration calibration) {

        double median(ToDoubleFunction<Wrk.Result> f) {
            return HttpStage.median(repeats.stream().mapToDouble(f).toArray());
        }

        double min(ToDoubleFunction<Wrk.Result> f) {
            return repeats.stream().mapToDouble(f).min().orElse(Double.NaN);
        }

        double maxOf(ToDoubleFunction<Wrk.Result> f) {
            return repeats.stream().mapToDouble(f).max().orElse(Double.NaN);
        }

        /** Whether the repeats at {@link #max} passed by majority: otherwise it is only the lowest rate tried. */
        boolean found() {
            return !rounds.isEmpty() && rounds.get(rounds.size() - 1).confirmed();
        }

        long passed(Settings.Http h) {
            return repeats.stream().filter(r -> HttpStage.passes(r, h)).count();
        }

        Figures withCalibration(Calibration c) {
            return new Figures(server, size, probe, bisection, rounds, max, repeats, half, deliveriesSent, pool, c);
        }
    }

    /**
     * CPU time of the server, the broker and the load client during one run, the whole machine's busy
     * time over the same interval (other work included), and the requests served (used by the
     * processor stage too).
     */
    record CpuShare(long serverMs, long brokerMs, long clientMs, long machineMs, double seconds, long requests) {
        /** Cores kept busy by everything else on the machine. */
        double otherCores() {
            if (machineMs < 0) {
                return Double.NaN;
            }
            return Math.max(0, machineMs - Math.max(0, serverMs) - Math.max(0, brokerMs) - Math.max(0, clientMs))
                    / 1000.0 / seconds;
        }
    }

    /** One bisection run and its verdict. */
    record Try(Wrk.Result result, boolean passed) {
    }

    /** One confirmation round: the repeats at one rate and how many of them passed. */
    record Round(double rate, List<Wrk.Result> repeats, long passed) {
        /** The median repeat passes: a majority of the repeats did. */
        boolean confirmed() {
            return passed * 2 > repeats.size();
        }
    }

    /**
     * The load client's cost floor, measured after each server's runs (see {@link #calibrate}): one
     * closed-model run with {@code depth} requests pipelined per write from one pre-built buffer.
     */
    record Calibration(int depth, int connections, Wrk.Result result) {
    }

    /** Where the next run starts in a pool of pre-signed deliveries (runs continue, so repeats are rare). */
    static final class Cursor {
        long next;
        long sent;
    }

    private HttpStage() {
    }

    /**
     * Warms a freshly started server (and the broker's paths) up until the JIT has settled: closed
     * rounds until one is within 15 % of the previous, at most {@code warmup} in all. Not reported
     * but in the log.
     */
    static List<String> warmUp(Wrk.Pool pool, Cursor cursor, Path dir, int port, Settings.Http h, Path log)
            throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + h.warmup().toNanos();
        double previous = 0;
        for (int round = 0; System.nanoTime() < deadline; round++) {
            Wrk.Result r = Wrk.run(pool, dir, port, h.threads(), h.concurrency(), 0, h.warmupRound(), cursor.next,
                    () -> new long[]{0, 0, 0}, log);
            advance(cursor, r, h);
            lines.add(String.format("warm-up %d B round %d: %.0f/s (%d errors)", pool.size(), round, r.ok(), r.errors()));
            boolean settled = previous > 0 && Math.abs(r.ok() - previous) <= 0.15 * previous;
            previous = r.ok();
            if (settled) {
                break;
            }
        }
        return lines;
    }

    /**
     * @param cpuNow CPU ms of {server, broker} and the machine's busy ms (sampled around each run's window)
     * @param say    progress lines for the console
     */
    static Figures measure(String server, Wrk.Pool pool, Cursor cursor, Path dir, int port, Settings.Http h,
                           Supplier<long[]> cpuNow, Path log, java.util.function.Consumer<String> say)
            throws IOException, InterruptedException {
        Wrk.Result probe = Wrk.run(pool, dir, port, h.threads(), h.concurrency(), 0, h.probe(), cursor.next, cpuNow, log);
        advance(cursor, probe, h);
        say.accept(String.format("%s %d B: closed probe %.0f/s", server, pool.size(), probe.ok()));
        double lo = 0;
        // a latency-bound server (the ingress at 64 connections does not fill the cores) can take more
        // in the open model, over more connections, than the closed probe showed: search above it too
        double hi = Math.max(100, probe.ok() * 1.5);
        double rate = Math.floor(Math.max(50, probe.ok() * 0.8));
        List<Try> tries = new ArrayList<>();
        for (int step = 0; step < h.steps(); step++) {
            // A failing step runs once more at the same rate and fails only if that fails too: one stall
            // of a few tens of ms (a thread preempted on the shared cores) fails a 5 s step, and since
            // the confirmation below only steps down, one unlucky step would cap the max for good. The
            // confirmation's 20 s repeats still guard the other way (a step passing by luck).
            boolean ok = false;
            for (int attempt = 0; attempt < 2 && !ok; attempt++) {
                Wrk.Result r = open(pool, cursor, dir, port, h, rate, h.step(), cpuNow, log);
                ok = passes(r, h);
                tries.add(new Try(r, ok));
                say.accept(String.format("%s %d B: %.0f/s %s%s (p99 %.1f ms, late>1ms %d, %.2f %% 2xx)", server,
                        pool.size(), rate, ok ? "passes" : "fails", attempt > 0 ? " (second try)" : "", r.p99(),
                        r.late(1), 100 * r.okShare()));
            }
            if (ok) {
                lo = rate;
            } else {
                hi = rate;
            }
            rate = Math.floor(lo == 0 ? hi / 2 : (lo + hi) / 2);
        }
        double max = lo;
        if (max == 0) {
            // nothing passed: confirm from the lowest rate tried down
            max = tries.stream().map(t -> t.result().targetRate()).min(Comparator.naturalOrder()).orElse(50.0);
        }
        // A 3 s bisection run can pass by luck where longer runs fail (a GC, a broker flush, other work on
        // the machine): the max is the rate its own repeats confirm, stepping down until they do.
        List<Round> rounds = new ArrayList<>();
        for (int round = 0; ; round++) {
            List<Wrk.Result> rs = new ArrayList<>();
            for (int i = 0; i < h.repeats(); i++) {
                Wrk.Result r = open(pool, cursor, dir, port, h, max, h.repeat(), cpuNow, log);
                rs.add(r);
                say.accept(String.format("%s %d B: %.0f/s repeat %d: %.0f/s 2xx, p99 %.1f ms, late>10ms %d, %s", server,
                        pool.size(), max, i + 1, r.ok(), r.p99(), r.late(10), passes(r, h) ? "passes" : "fails"));
            }
            Round done = new Round(max, rs, rs.stream().filter(r -> passes(r, h)).count());
            rounds.add(done);
            if (done.confirmed() || round >= h.stepDowns() || max <= 50) {
                break;
            }
            max = Math.max(50, Math.floor(max * (1 - h.stepDown())));
            say.accept(String.format("%s %d B: %d of %d repeats passed: stepping down to %.0f/s", server, pool.size(),
                    done.passed(), rs.size(), max));
        }
        List<Wrk.Result> repeats = rounds.get(rounds.size() - 1).repeats();
        Wrk.Result half = open(pool, cursor, dir, port, h, Math.max(1, Math.floor(max / 2)), h.repeat(), cpuNow, log);
        say.accept(String.format("%s %d B: half %.0f/s: p50 %.2f p99 %.2f p99.9 %.2f ms", server, pool.size(),
                half.targetRate(), half.p50(), half.p99(), half.p999()));
        return new Figures(server, pool.size(), probe, tries, rounds, max, repeats, half, cursor.sent, pool.count(), null);
    }

    /**
     * The client-cost calibration: one closed-model run, {@code calibrationDepth} requests pipelined per
     * write from one pre-built buffer per wrk thread, so the client does the least it can per request.
     * Not used for any max: Vert.x answers a connection's pipelined requests one after another, so
     * for a server that answers later (on Kafka's acknowledgement) a write's latency becomes
     * {@code depth} times a request's.
     */
    static Calibration calibrate(Wrk.Pool pool, Path dir, int port, Settings.Http h, Supplier<long[]> cpuNow, Path log,
                                 java.util.function.Consumer<String> say) throws IOException, InterruptedException {
        Wrk.Result r = Wrk.run(pool, dir, port, h.threads(), h.concurrency(), 0, h.step(), 0, cpuNow, log,
                h.calibrationDepth(), true);
        Thread.sleep(500);
        say.accept(String.format("client calibration (%d per write): %.0f/s 2xx, server %.1f µs/req, client %.1f µs/req",
                h.calibrationDepth(), r.ok(), usPerRequest(r, r.cpu().serverMs()), usPerRequest(r, r.cpu().clientMs())));
        return new Calibration(h.calibrationDepth(), h.concurrency(), r);
    }

    private static Wrk.Result open(Wrk.Pool pool, Cursor cursor, Path dir, int port, Settings.Http h, double rate,
                                   Duration d, Supplier<long[]> cpuNow, Path log) throws IOException, InterruptedException {
        Wrk.Result r = Wrk.run(pool, dir, port, h.threads(), h.connections(), rate, d, cursor.next, cpuNow, log);
        advance(cursor, r, h);
        Thread.sleep(500); // the last answers drain before the next run's clock starts
        return r;
    }

    static void advance(Cursor cursor, Wrk.Result r, Settings.Http h) {
        cursor.next += Math.max(1, r.sent() / h.threads());
        cursor.sent += r.sent();
    }

    /**
     * The max's criteria: p99 (from send) plus the p99 of the schedule's lateness under the limit, at
     * least {@code okShare} answered 2xx, and 2xx answers at no less than 97 % of the rate (wrk stops at
     * the end of its duration with the last requests still in flight, hence not 100 %).
     */
    static boolean passes(Wrk.Result r, Settings.Http h) {
        return r.p99() + r.lagPercentile(99) < h.p99LimitMs() && r.okShare() >= h.okShare()
                && r.ok() >= 0.97 * r.targetRate();
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** CPU µs of one process per 2xx answer in a run's measured window. */
    static double usPerRequest(Wrk.Result r, long cpuMs) {
        if (cpuMs < 0 || r.cpu() == null || r.cpu().seconds() <= 0) {
            return Double.NaN;
        }
        double answeredInWindow = (r.answered() - r.non2xx()) * r.cpu().seconds() / r.seconds();
        return answeredInWindow <= 0 ? Double.NaN : cpuMs * 1000.0 / answeredInWindow;
    }
}
