package io.sluice.bench.harness;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the memory of the JVM it runs in: heap used and committed (every 50 ms, keeping the peak),
 * the heap left after the last collections (the live set, from the pools' collection usage), and the
 * process's resident set from {@code /proc/self/status} ({@code VmRSS} now, {@code VmHWM} its peak as
 * counted by the kernel). Runs inside the measured process, so nothing is sampled across processes.
 */
final class MemoryProbe implements AutoCloseable {
    private static final long PERIOD_MS = 50;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long heapUsedPeak;
    private volatile long heapCommittedPeak;
    private volatile long liveAfterGcPeak;

    MemoryProbe() {
        sampler = new Thread(this::loop, "bench-memory-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        heapUsedPeak = Math.max(heapUsedPeak, heap.getUsed());
        heapCommittedPeak = Math.max(heapCommittedPeak, heap.getCommitted());
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                live += after.getUsed();
            }
        }
        liveAfterGcPeak = Math.max(liveAfterGcPeak, live);
    }

    /** The figures so far, as {@code key=value} pairs (bytes, or counts and milliseconds). */
    Map<String, String> snapshot() {
        sample();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("heapUsedPeak", String.valueOf(heapUsedPeak));
        out.put("heapCommittedPeak", String.valueOf(heapCommittedPeak));
        out.put("heapLiveAfterGcPeak", String.valueOf(liveAfterGcPeak));
        out.put("heapMax", String.valueOf(memory.getHeapMemoryUsage().getMax()));
        Map<String, Long> status = procStatus(List.of("VmRSS", "VmHWM"));
        out.put("rss", String.valueOf(status.getOrDefault("VmRSS", -1L)));
        out.put("rssPeak", String.valueOf(status.getOrDefault("VmHWM", -1L)));
        long gcCount = 0;
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMs += Math.max(0, gc.getCollectionTime());
        }
        out.put("gcCount", String.valueOf(gcCount));
        out.put("gcMs", String.valueOf(gcMs));
        var jit = ManagementFactory.getCompilationMXBean();
        // wall time the JIT compilers spent so far: the processor stage checks its warm-up with it
        out.put("jitMs", String.valueOf(jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit.getTotalCompilationTime() : -1));
        out.put("cpuMs", String.valueOf(ProcessHandle.current().info().totalCpuDuration()
                .map(d -> d.toMillis()).orElse(-1L)));
        return out;
    }

    /** Reads {@code kB} fields of {@code /proc/self/status} and returns them in bytes; absent on non-Linux. */
    static Map<String, Long> procStatus(List<String> fields) {
        return procStatus(Path.of("/proc/self/status"), fields);
    }

    /** As above, for any process's {@code /proc/<pid>/status} (the {@code up} stage reads another JVM's). */
    static Map<String, Long> procStatus(Path status, List<String> fields) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(status)) {
                int colon = line.indexOf(':');
                if (colon > 0 && fields.contains(line.substring(0, colon))) {
                    String[] parts = line.substring(colon + 1).trim().split("\\s+");
                    out.put(line.substring(0, colon), Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the caller reports -1
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
