package io.sluice.bench.harness;

import io.sluice.config.SourceConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP measurement of one server (the ingress or the bare Vert.x ceiling) for one body size:
 * <ol>
 *   <li>a closed-model saturation probe ({@code concurrency} in flight) gives the candidate maximum;</li>
 *   <li>an open-model run at that rate; when it does not keep up (under 95 % of the rate answered, or
 *       errors) the rate steps down by 15 %, or to 95 % of what was achieved when that is lower, and the
 *       run is repeated, at most {@code sustainRetries} times: the last run is the "max" row;</li>
 *   <li>an open-model run at half that rate.</li>
 * </ol>
 * Deliveries are signed before each run starts and never reused, so every one is unique.
 */
final class HttpStage {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    /**
     * @param cpu CPU milliseconds per process during the max-rate run (server, broker, client), when known
     */
    record Figures(String server, int size, LoadResult probe, LoadResult max, LoadResult half, List<LoadResult> tries,
                   CpuShare cpu) {
    }

    /**
     * CPU time of the server, the broker and the load client during one run, the whole machine's busy
     * time over the same interval (other work included), and the requests served.
     */
    record CpuShare(long serverMs, long brokerMs, long clientMs, long machineMs, double seconds, long requests) {
        /** Cores kept busy by everything else on the machine (other users' builds, the JIT of nobody here). */
        double otherCores() {
            if (machineMs < 0) {
                return Double.NaN;
            }
            return Math.max(0, machineMs - Math.max(0, serverMs) - Math.max(0, brokerMs) - Math.max(0, clientMs))
                    / 1000.0 / seconds;
        }
    }

    private HttpStage() {
    }

    /**
     * Warms a freshly started server (and the client) up until the JIT has settled: closed-model
     * rounds of {@code s.warmupRound()} per body size, until a round's throughput is within 15 % of
     * the previous one's, at most {@code s.warmup()} in all (shared equally by the sizes). A cold JVM is several times slower than a
     * warm one (measured here: the first 1 KiB run came out at a fifth of a later one), and none of
     * this is reported but the log lines it returns.
     */
    static List<String> warmUp(int port, SourceConfig source, Settings s, String run) throws InterruptedException {
        List<String> log = new ArrayList<>();
        long perSize = s.warmup().toNanos() / s.bodySizes().size();
        try (HttpLoad load = new HttpLoad(port, s.connections(), 2)) {
            for (int size : s.bodySizes()) {
                long deadline = System.nanoTime() + perSize;
                double previous = 0;
                for (int round = 0; System.nanoTime() < deadline; round++) {
                    int count = (int) Math.max(2_000, Math.min(s.maxCount(size) / 2,
                            previous == 0 ? 20_000 : 2 * previous * s.warmupRound().toNanos() / 1e9));
                    List<Req> reqs = Deliveries.signed(source, run + "-warmup-" + port + "-" + size + "-" + round,
                            count, size);
                    LoadResult r = load.closed(reqs, s.concurrency(), Duration.ZERO, s.warmupRound());
                    log.add(String.format("warm-up %d B round %d: %.0f/s (%d errors)", size, round, r.achieved(),
                            r.errors()));
                    boolean settled = previous > 0 && Math.abs(r.achieved() - previous) <= 0.15 * previous;
                    previous = r.achieved();
                    if (settled) {
                        break;
                    }
                }
            }
        }
        return log;
    }

    static Figures measure(String server, int port, SourceConfig source, Settings s, int size, String run,
                           Supplier<long[]> cpuNow) throws InterruptedException {
        try (HttpLoad load = new HttpLoad(port, s.connections(), 2)) {
            String tag = run + "-" + server + "-" + size;
            List<Req> reqs = Deliveries.signed(source, tag + "-probe", s.maxCount(size), size);
            LoadResult probe = load.closed(reqs, s.concurrency(), s.probeWarmup(), s.probe());
            reqs = null;
            pause();
            double rate = Math.max(50, Math.floor(probe.achieved()));
            List<LoadResult> tries = new ArrayList<>();
            LoadResult max = null;
            CpuShare cpu = null;
            for (int attempt = 0; attempt <= s.sustainRetries(); attempt++) {
                reqs = Deliveries.signed(source, tag + "-max" + attempt, count(rate, s.open(), s.maxCount(size)), size);
                long[] before = cpuNow.get();
                long t0 = System.nanoTime();
                max = load.open(reqs, rate, s.open(), DRAIN);
                long[] after = cpuNow.get();
                cpu = new CpuShare(after[0] - before[0], after[1] - before[1], after[2] - before[2],
                        after[3] < 0 ? -1 : after[3] - before[3], (System.nanoTime() - t0) / 1e9, max.ok());
                reqs = null;
                tries.add(max);
                pause();
                if (max.sustained()) {
                    break;
                }
                // step down 15 %, or straight to just under what was achieved when that is lower
                rate = Math.max(50, Math.floor(Math.min(rate * 0.85, max.achieved() * 0.95)));
            }
            double halfRate = Math.max(25, Math.floor(max.targetRate() / 2));
            reqs = Deliveries.signed(source, tag + "-half", count(halfRate, s.open(), s.maxCount(size)), size);
            LoadResult half = load.open(reqs, halfRate, s.open(), DRAIN);
            reqs = null;
            pause();
            return new Figures(server, size, probe, max, half, tries, cpu);
        }
    }

    private static int count(double rate, Duration d, int cap) {
        return (int) Math.min(cap, Math.ceil(rate * d.toNanos() / 1e9));
    }

    /** Lets the server drain and the client's garbage go before the next run. */
    private static void pause() throws InterruptedException {
        System.gc();
        Thread.sleep(1000);
    }
}
