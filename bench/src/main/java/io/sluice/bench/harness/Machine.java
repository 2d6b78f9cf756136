package io.sluice.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the figures were measured on: read from the machine, never typed in. */
final class Machine {
    private Machine() {
    }

    /** The {@code java} of the running JDK, so children and tools run on the same one. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel());
        m.put("cores (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memTotal());
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return m;
    }

    /**
     * CPU time the whole machine spent busy (user, nice, system, irq, softirq, steal) since boot, in ms,
     * from {@code /proc/stat}; -1 where unavailable. Compared with the benchmark's own processes' CPU
     * it shows how much of the machine other work took during a run.
     */
    static long busyCpuMs() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of this process and of its children that have ended ({@code /proc/self/stat}: utime,
     * stime, cutime, cstime), in ms; -1 where unavailable.
     */
    static long selfAndChildrenCpuMs() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // fields after the command: state is index 0, so utime (field 14) is index 11
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code /proc/loadavg}'s three load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        String model = field(Path.of("/proc/cpuinfo"), "model name");
        return model == null ? System.getProperty("os.arch") : model;
    }

    private static String memTotal() {
        String kb = field(Path.of("/proc/meminfo"), "MemTotal");
        if (kb == null) {
            return "unknown";
        }
        long k = Long.parseLong(kb.replace("kB", "").trim());
        return String.format("%.1f GiB", k / 1024.0 / 1024.0);
    }

    private static String field(Path file, String name) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                int colon = l.indexOf(':');
                if (colon > 0 && l.substring(0, colon).trim().equals(name)) {
                    return l.substring(colon + 1).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
