package io.sluice.reliability;

import io.sluice.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The soak's resource watch: every few seconds, the resident memory ({@code VmRSS} of
 * {@code /proc/<pid>/status}) and the open file descriptors ({@code /proc/<pid>/fd}) of each service's
 * current process, and per service the least-squares slope over the run. A leak shows as a steady
 * positive slope; restarts after kills reset a process, which is why the slope, not the last value, is
 * reported. Linux only (elsewhere it records nothing and says so).
 */
final class ResourceSampler implements AutoCloseable {
    /** One sample of one service. */
    record Sample(String service, long pid, double minutes, long rssKb, int fds) {
    }

    private final List<ChildJvm> services;
    private final long periodMillis;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final long t0 = System.nanoTime();
    private volatile boolean running;
    private Thread thread;

    ResourceSampler(List<ChildJvm> services, long periodMillis) {
        this.services = List.copyOf(services);
        this.periodMillis = periodMillis;
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                double minutes = (System.nanoTime() - t0) / 60e9;
                for (ChildJvm s : services) {
                    long pid = s.pid();
                    if (pid > 0 && s.isAlive()) {
                        long rss = rssKb(pid);
                        int fds = fds(pid);
                        if (rss > 0 && fds > 0) {
                            samples.add(new Sample(s.name(), pid, minutes, rss, fds));
                        }
                    }
                }
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "reliability-resource-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process went away between the check and the read: no sample
        }
        return 0;
    }

    static int fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Least-squares slope of y over x; 0 with fewer than two distinct x. */
    static double slope(List<double[]> xy) {
        int n = xy.size();
        if (n < 2) {
            return 0;
        }
        double mx = xy.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = xy.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : xy) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /** One report line per service: samples, RSS and fds (first, last, max) and their slopes per minute. */
    List<String> summary() {
        Map<String, List<Sample>> by = new LinkedHashMap<>();
        samples.forEach(s -> by.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s));
        List<String> out = new ArrayList<>();
        if (by.isEmpty()) {
            out.add("resources               no samples (not on Linux, or no service ran)");
        }
        by.forEach((name, l) -> {
            double rssSlope = slope(l.stream().map(s -> new double[]{s.minutes(), s.rssKb() / 1024.0}).toList());
            double fdSlope = slope(l.stream().map(s -> new double[]{s.minutes(), s.fds()}).toList());
            out.add(String.format("resources %-13s %d samples over %.1f min, %d processes; RSS MiB first %.0f last %.0f max %.0f, slope %+.2f MiB/min; open fds first %d last %d max %d, slope %+.2f fds/min",
                    name, l.size(), l.get(l.size() - 1).minutes() - l.get(0).minutes(),
                    l.stream().mapToLong(Sample::pid).distinct().count(),
                    l.get(0).rssKb() / 1024.0, l.get(l.size() - 1).rssKb() / 1024.0,
                    l.stream().mapToLong(Sample::rssKb).max().orElse(0) / 1024.0, rssSlope,
                    l.get(0).fds(), l.get(l.size() - 1).fds(), l.stream().mapToInt(Sample::fds).max().orElse(0), fdSlope));
        });
        return out;
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
