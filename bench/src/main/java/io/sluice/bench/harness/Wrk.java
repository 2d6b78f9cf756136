package io.sluice.bench.harness;

import io.sluice.config.SourceConfig;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP load client: {@code wrk} (Debian package {@code wrk}, written in C) with a Lua script
 * ({@code deliveries.lua}) that replays pre-signed, pre-serialized requests from a file, either as
 * fast as answers come back (closed model) or on a fixed schedule (open model, paced by the script).
 *
 * <p>The Java client this replaces cost more CPU per request than the servers it measured; a client
 * that is not the bottleneck is what makes a ceiling a ceiling. Every run reports the client's own
 * CPU per request (from {@code /proc}) beside the server's.
 */
final class Wrk {
    private static final String SCRIPT = "deliveries.lua";
    /** How long past its duration a wrk run may take before it is killed (file load, last answers). */
    private static final Duration GRACE = Duration.ofSeconds(60);

    private Wrk() {
    }

    /** Whether {@code wrk} is on the PATH (bench/run installs it). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * A file of {@code count} signed deliveries of one body size, serialized as HTTP/1.1 requests of
     * one common length (the script slices the file by that length).
     */
    record Pool(Path file, int size, int requestLength, int count) {
    }

    /** Signs {@code count} unique deliveries (in chunks, to bound the heap) and writes them to {@code file}. */
    static Pool writePool(Path file, SourceConfig source, String run, int count, int size) throws IOException {
        int length = -1;
        int chunk = 10_000;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int from = 0; from < count; from += chunk) {
                int n = Math.min(chunk, count - from);
                List<Req> reqs = Deliveries.signed(source, run + "-" + from, n, size);
                for (Req r : reqs) {
                    byte[] bytes = serialize(r);
                    if (length < 0) {
                        length = bytes.length;
                    } else if (bytes.length != length) {
                        throw new IllegalStateException("pre-signed requests differ in length (" + length + " vs "
                                + bytes.length + "): the wrk script needs one length per file");
                    }
                    out.write(bytes);
                }
            }
        }
        return new Pool(file, size, length, count);
    }

    /** One request as HTTP/1.1 bytes (request line, headers, Content-Length, body). */
    static byte[] serialize(Req r) {
        StringBuilder head = new StringBuilder(256);
        head.append("POST ").append(r.uri()).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (Map.Entry<String, String> h : r.headers()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(r.body().length()).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] body = r.body().getBytes();
        byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /**
     * The outcome of one wrk run. Latencies in ms, from the moment wrk wrote the request; {@code lag}
     * counts open-model slots sent late because no connection was free at their time, by lateness
     * bucket (upper edges {@link #LAG_EDGES_MS}).
     */
    record Result(String mode, double targetRate, int connections, double seconds, long answered, long non2xx,
                  long socketErrors, long timeouts, long sent, long slots, long wraps, double p50, double p90, double p99,
                  double p999, double pMax, long[] lag, Cpu cpu) {

        /** Answers per second (any status): wrk's throughput. */
        double throughput() {
            return answered / seconds;
        }

        /** 200s (any 2xx) per second. */
        double ok() {
            return (answered - non2xx) / seconds;
        }

        long errors() {
            return non2xx + socketErrors + timeouts;
        }

        /** Share of the requests sent that were answered 2xx (timeouts and socket errors count against it). */
        double okShare() {
            long attempts = Math.max(answered + socketErrors + timeouts, 1);
            return (double) (answered - non2xx) / attempts;
        }

        long late(double overMs) {
            long n = 0;
            for (int i = 0; i < lag.length; i++) {
                double lower = i == 0 ? 0 : LAG_EDGES_MS[i - 1];
                if (lower >= overMs) {
                    n += lag[i];
                }
            }
            return n;
        }

        /** The p-th percentile of the lateness of the open model's slots (upper edge of its bucket), ms. */
        double lagPercentile(double p) {
            if (slots <= 0) {
                return 0;
            }
            long onTime = slots - java.util.Arrays.stream(lag).sum();
            double need = p / 100.0 * slots;
            double seen = onTime;
            if (seen >= need) {
                return 0;
            }
            for (int i = 0; i < lag.length; i++) {
                seen += lag[i];
                if (seen >= need) {
                    return LAG_EDGES_MS[i];
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    /** Upper edges of the lateness buckets of {@code deliveries.lua}, ms. */
    static final double[] LAG_EDGES_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, Double.POSITIVE_INFINITY};

    /**
     * The server's stop-the-world collections over the measured window ({@link GcWindow}): how many,
     * their summed and longest duration (ms), and the bytes its threads allocated; -1 where unknown
     * (a server that is not a child of the orchestrator).
     */
    record Gc(long pauses, long pauseMs, long maxPauseMs, long allocBytes) {
        static final Gc UNKNOWN = new Gc(-1, -1, -1, -1);

        static Gc between(long[] before, long[] after) {
            if (before.length < 8 || after.length < 8 || before[4] < 0 || after[4] < 0) {
                return UNKNOWN;
            }
            return new Gc(after[4] - before[4], after[5] - before[5], after[6],
                    before[7] < 0 || after[7] < 0 ? -1 : after[7] - before[7]);
        }
    }

    /**
     * CPU milliseconds over the measured window (from wrk's start of load to just before its end) of
     * the server, the broker, the load client and the whole machine, and the window's length.
     */
    record Cpu(long serverMs, long brokerMs, long clientMs, long machineMs, double seconds, long serverSysMs,
               long clientSysMs, Gc gc) {
        double otherCores() {
            return machineMs < 0 ? Double.NaN
                    : Math.max(0, machineMs - Math.max(0, serverMs) - Math.max(0, brokerMs) - Math.max(0, clientMs))
                    / 1000.0 / seconds;
        }
    }

    /**
     * Runs wrk once.
     *
     * @param rate      total requests/s for the open model, 0 for the closed model
     * @param start     index in the pool of the first request (the caller advances it by {@code sent})
     * @param cpuNow    CPU ms of {server, broker}, the machine's busy ms and the server's system (kernel)
     *                  ms (-1 where unknown), optionally followed by the server's {@link GcWindow} figures
     *                  (count, pause ms, longest pause ms, allocated bytes), sampled at the window's ends
     */
    static Result run(Pool pool, Path scriptDir, int port, int threads, int connections, double rate, Duration duration,
                      long start, Supplier<long[]> cpuNow, Path log) throws IOException, InterruptedException {
        return run(pool, scriptDir, port, threads, connections, rate, duration, start, cpuNow, log, 1, false);
    }

    /**
     * Runs wrk once, {@code depth} requests per write (HTTP/1.1 pipelining; 1 = none). With {@code fixed},
     * each thread writes one pre-built buffer of {@code depth} deliveries over and over (wrk's static
     * mode: no Lua at all per request); otherwise the script slices the next {@code depth} deliveries of
     * the pool per write. With depth &gt; 1, wrk times a write's batch as one sample (first byte out to
     * last answer in) and the open model's slots are batches.
     */
    static Result run(Pool pool, Path scriptDir, int port, int threads, int connections, double rate, Duration duration,
                      long start, Supplier<long[]> cpuNow, Path log, int depth, boolean fixed)
            throws IOException, InterruptedException {
        Path script = script(scriptDir);
        long secs = Math.max(1, duration.toSeconds());
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "wrk", "-t", String.valueOf(threads),
                "-c", String.valueOf(connections), "-d", secs + "s", "--timeout", "10s", "-s", script.toString(),
                "http://127.0.0.1:" + port + "/", "--", pool.file().toString(), String.valueOf(pool.requestLength()),
                String.valueOf(pool.count() - pool.count() % threads), String.valueOf(start),
                String.valueOf((long) Math.floor(rate)), String.valueOf(threads), String.valueOf(depth), fixed ? "static" : "dynamic", String.valueOf(connections)));
        Files.writeString(log, String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long pid = p.pid();
        List<String> lines = new ArrayList<>();
        long[] before = null;
        long[] after = null;
        long clientBefore = 0;
        long clientAfter = 0;
        long clientSysBefore = 0;
        long clientSysAfter = 0;
        long t0 = 0;
        long t1 = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Running ") && before == null) {
                    // the load starts now: the file is read, the threads are connecting
                    before = cpuNow.get();
                    clientBefore = cpuMs(pid);
                    clientSysBefore = sysMs(pid);
                    t0 = System.nanoTime();
                    // wrk prints nothing more until it ends: sample again just before the load stops
                    long end = t0 + TimeUnit.SECONDS.toNanos(secs) - 300_000_000L;
                    long left;
                    while ((left = end - System.nanoTime()) > 0) {
                        Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
                    }
                    after = cpuNow.get();
                    clientAfter = cpuMs(pid);
                    clientSysAfter = sysMs(pid);
                    t1 = System.nanoTime();
                }
            }
        }
        if (!p.waitFor(secs + GRACE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("wrk did not finish (see " + log + ")");
        }
        Files.write(log, lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        if (p.exitValue() != 0 || before == null) {
            throw new IOException("wrk failed (exit " + p.exitValue() + "): see " + log);
        }
        return parse(lines, rate, connections, new Cpu(after[0] - before[0], after[1] < 0 ? -1 : after[1] - before[1],
                clientAfter - clientBefore, after[2] < 0 ? -1 : after[2] - before[2], (t1 - t0) / 1e9,
                after.length < 4 || after[3] < 0 ? -1 : after[3] - before[3],
                clientSysAfter < 0 ? -1 : clientSysAfter - clientSysBefore, Gc.between(before, after)), log);
    }

    private static Result parse(List<String> lines, double rate, int connections, Cpu cpu, Path log) throws IOException {
        Map<String, String> f = new java.util.HashMap<>();
        String lag = null;
        for (String l : lines) {
            if (l.startsWith("BENCHWRK ")) {
                Map<String, String> m = Child.parse(l.substring(9));
                f.putAll(m);
                if (m.containsKey("lag")) {
                    lag = m.get("lag");
                }
            }
        }
        if (!f.containsKey("requests")) {
            throw new IOException("wrk printed no summary: see " + log);
        }
        long[] lagCounts = java.util.Arrays.stream(lag.split(",")).mapToLong(Long::parseLong).toArray();
        return new Result(rate > 0 ? "open" : "closed", rate, connections, Long.parseLong(f.get("duration_us")) / 1e6,
                Long.parseLong(f.get("requests")), Long.parseLong(f.get("status")),
                Long.parseLong(f.get("connect")) + Long.parseLong(f.get("read")) + Long.parseLong(f.get("write")),
                Long.parseLong(f.get("timeout")), Long.parseLong(f.get("sent")), Long.parseLong(f.get("slots")), Long.parseLong(f.get("wraps")),
                us(f, "p50_us"), us(f, "p90_us"), us(f, "p99_us"), us(f, "p999_us"), us(f, "max_us"), lagCounts, cpu);
    }

    private static double us(Map<String, String> f, String k) {
        return Double.parseDouble(f.get(k)) / 1000.0;
    }

    private static Path script(Path dir) throws IOException {
        Path p = dir.resolve(SCRIPT);
        if (!Files.exists(p)) {
            try (InputStream in = Wrk.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IOException(SCRIPT + " is not on the classpath");
                }
                Files.copy(in, p);
            }
        }
        return p;
    }

    /**
     * System (kernel) CPU ms of a process from {@code /proc/<pid>/stat} (field 15, stime, in clock
     * ticks of 10 ms), or -1. On loopback, the kernel's TCP work for the bytes a process sends
     * (the receiving side's included) is charged here.
     */
    static long sysMs(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[12]) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long cpuMs(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toMillis).orElse(-1L);
    }
}
