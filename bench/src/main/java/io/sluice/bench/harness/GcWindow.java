package io.sluice.bench.harness;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The collections of the JVM it runs in, for one measured window at a time: the count and summed
 * duration of the stop-the-world collections (G1's young and mixed pauses, full GCs), the longest of
 * them since the previous {@link #window()} call, and the bytes allocated by all threads so far.
 * The orchestrator asks at a run's start and end (the child's {@code GC} command), so the window is
 * the run's measured one and "longest" is that run's.
 *
 * <p>Durations are {@code GcInfo}'s, in whole ms (the JVM's own resolution for them). G1's concurrent
 * cycle is left out: it runs beside the application (its two short pauses, remark and cleanup, are
 * not reported by JDK 17's beans).
 */
final class GcWindow {
    private long count;
    private long pauseMs;
    private long maxPauseMs;

    GcWindow() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, hb) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        GarbageCollectionNotificationInfo info =
                                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                        if (!info.getGcName().contains("Concurrent")) {
                            record(info.getGcInfo().getDuration());
                        }
                    }
                }, null, null);
            }
        }
    }

    private synchronized void record(long ms) {
        count++;
        pauseMs += ms;
        maxPauseMs = Math.max(maxPauseMs, ms);
    }

    /**
     * {@code gcCount}, {@code gcPauseMs} (totals since start), {@code gcMaxPauseMs} (longest since the
     * previous call, which this call resets) and {@code allocBytes} (all threads, since start; -1 when
     * the JVM cannot tell).
     */
    synchronized Map<String, String> window() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("gcCount", String.valueOf(count));
        out.put("gcPauseMs", String.valueOf(pauseMs));
        out.put("gcMaxPauseMs", String.valueOf(maxPauseMs));
        maxPauseMs = 0;
        long alloc = -1;
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            alloc = t.getTotalThreadAllocatedBytes();
        }
        out.put("allocBytes", String.valueOf(alloc));
        return out;
    }
}
