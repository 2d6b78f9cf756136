package io.sluice.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads, grouped by kind, from {@code /proc/<pid>/task/<tid>/stat} (Linux;
 * empty elsewhere). Why: a JFR profile sees only Java code, while the processor's CPU per event also
 * holds RocksDB's own flush and compaction threads (native, invisible to JFR), the producer's
 * network thread, the JIT compilers and the GC; this says how the measured CPU splits between them.
 */
final class ThreadCpu {
    /** The group of the JIT compiler threads. */
    static final String JIT = "JIT compilers";

    private ThreadCpu() {
    }

    /** Milliseconds of CPU (user + system) per thread group of {@code pid}, so far. */
    static Map<String, Long> snapshot(long pid) {
        Map<String, Long> out = new TreeMap<>();
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(tasks)) {
            s.forEach(dirs::add);
        } catch (IOException e) {
            return out;
        }
        for (Path d : dirs) {
            try {
                String stat = Files.readString(d.resolve("stat"), StandardCharsets.UTF_8);
                // pid (comm) state ...: comm may hold spaces and parentheses, so split at the last ')'
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).trim().split(" ");
                // after the comm: f[0] = state (field 3), so utime (field 14) is f[11], stime f[12]
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                out.merge(group(comm), ticks * 1000 / HZ, Long::sum);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    /** The kernel's clock ticks per second (USER_HZ: 100 on every Linux architecture Java runs on). */
    private static final long HZ = 100;

    /**
     * A thread's group: its name (15 characters at most, as the kernel keeps it) with digits and
     * separators at its end removed, and a few well-known kinds named.
     */
    static String group(String comm) {
        if (comm.startsWith("rocksdb:")) {
            return "rocksdb (flush, compaction)";
        }
        if (comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler")) {
            return JIT;
        }
        if (comm.startsWith("GC ") || comm.startsWith("G1 ")) {
            return "GC";
        }
        if (comm.startsWith("kafka-producer")) {
            return "producer network";
        }
        // Streams names its threads after the client id, which starts with the bench's application id
        // "bench-b<run>-..." (cut at 15 characters); the harness's own threads are "bench-<word>"
        if (comm.matches("bench-b[0-9].*") || comm.contains("StreamTh")) {
            return "stream thread";
        }
        return comm.replaceAll("[-#_ 0-9]+$", "");
    }

    /** {@code after - before} per group, groups with at least {@code minMs}, largest first. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after, long minMs) {
        List<Map.Entry<String, Long>> list = new ArrayList<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d >= minMs) {
                list.add(Map.entry(k, d));
            }
        });
        list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        list.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
