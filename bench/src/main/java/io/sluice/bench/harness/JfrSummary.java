package io.sluice.bench.harness;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summarizes the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: where the sampled
 * threads were (top frame, "self"), which methods were on the stack ("total"), and the share of
 * samples per thread group and per code area. The same data as
 * {@code jfr print --events jdk.ExecutionSample FILE}, counted.
 */
final class JfrSummary {
    private JfrSummary() {
    }

    /** A markdown summary of the recording's CPU samples. */
    static List<String> summarize(Path jfr, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        int samples = 0;
        Map<String, Integer> nativeTop = new HashMap<>();
        int nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("jdk.NativeMethodSample")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st != null && !st.getFrames().isEmpty()) {
                    nativeSamples++;
                    nativeTop.merge(firstInteresting(st.getFrames()), 1, Integer::sum);
                }
                continue;
            }
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            String thread = e.getThread("sampledThread") == null ? "?" : threadGroup(e.getThread("sampledThread").getJavaName());
            threads.merge(thread, 1, Integer::sum);
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            areas.merge(area(frames), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    total.merge(n, 1, Integer::sum);
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add("Java CPU samples: " + samples + " (jdk.ExecutionSample: threads running Java code); threads in "
                + "native methods: " + nativeSamples + " samples (jdk.NativeMethodSample: waiting in epoll/socket "
                + "reads, or inside RocksDB's JNI). File `" + jfr.getFileName() + "`.");
        out.add("");
        out.add("| thread group | share |");
        out.add("|---|---:|");
        for (Map.Entry<String, Integer> t : sorted(threads, 8).entrySet()) {
            out.add("| " + t.getKey() + " | " + pct(t.getValue(), samples) + " |");
        }
        out.add("");
        out.add("| code area (first Sluice/Kafka/Vert.x/Netty/Jackson/RocksDB frame from the top) | share |");
        out.add("|---|---:|");
        for (Map.Entry<String, Integer> a : sorted(areas, 10).entrySet()) {
            out.add("| " + a.getKey() + " | " + pct(a.getValue(), samples) + " |");
        }
        out.add("");
        out.add("| top frames (self) | share |");
        out.add("|---|---:|");
        for (Map.Entry<String, Integer> s : sorted(self, top).entrySet()) {
            out.add("| `" + s.getKey() + "` | " + pct(s.getValue(), samples) + " |");
        }
        out.add("");
        out.add("| Sluice methods on the stack (total) | share |");
        out.add("|---|---:|");
        Map<String, Integer> ours = new HashMap<>();
        total.forEach((k, v) -> {
            if (k.startsWith("io.sluice.")) {
                ours.put(k, v);
            }
        });
        for (Map.Entry<String, Integer> s : sorted(ours, top).entrySet()) {
            out.add("| `" + s.getKey() + "` | " + pct(s.getValue(), samples) + " |");
        }
        out.add("");
        out.add("| threads in native code: first non-JDK frame | share of native samples |");
        out.add("|---|---:|");
        for (Map.Entry<String, Integer> s : sorted(nativeTop, 8).entrySet()) {
            out.add("| `" + s.getKey() + "` | " + pct(s.getValue(), nativeSamples) + " |");
        }
        return out;
    }

    /** The top frame's method, and the first frame outside java.*, jdk.* and sun.* beneath it. */
    private static String firstInteresting(List<RecordedFrame> frames) {
        String top = name(frames.get(0));
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (!n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) {
                return n.equals(top) ? top : top + " ← " + n;
            }
        }
        return top;
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** Thread names without their numbers, so pools aggregate: {@code vert.x-eventloop-thread-#}. */
    private static String threadGroup(String name) {
        // Kafka Streams names its threads after the application id and a UUID: drop both (the bench's
        // application ids carry the run's id), so that the group reads "StreamThread-#"
        return name == null ? "?" : name.replaceAll("[\\w.-]*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-", "")
                .replaceAll("\\d+", "#");
    }

    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            for (String prefix : List.of("io.sluice.", "org.apache.kafka.streams.", "org.apache.kafka.", "org.rocksdb.",
                    "io.vertx.", "io.netty.", "com.fasterxml.jackson.", "org.apache.avro.")) {
                if (n.startsWith(prefix)) {
                    return prefix + "*";
                }
            }
        }
        return "JDK only (" + name(frames.get(0)).replaceAll("\\.[^.]+\\.[^.]+$", "") + ".*)";
    }

    private static Map<String, Integer> sorted(Map<String, Integer> m, int limit) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static String pct(int n, int of) {
        return of == 0 ? "-" : String.format("%.1f %%", 100.0 * n / of);
    }
}
