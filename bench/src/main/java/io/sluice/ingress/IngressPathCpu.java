package io.sluice.ingress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * CPU time per operation of {@link IngressPathBenchmark}'s two benchmarks, measured as the process's
 * CPU time (every thread: the sender thread of {@link RawWriter} included) over a fixed number of
 * operations. Unlike JMH's wall-clock average, this hardly moves when other processes share the
 * cores, so before/after comparisons can be taken on a busy machine. Writes one line per
 * (scheme, benchmark) with the median and the spread of 7 rounds to the file given as argument.
 *
 * <p>{@code java -cp bench/target/classes:$(cat bench/target/harness.classpath) io.sluice.ingress.IngressPathCpu out.txt}
 */
public final class IngressPathCpu {
    private static final int WARMUP = 300_000;
    private static final int OPS = 200_000;
    private static final int ROUNDS = 7;

    private IngressPathCpu() {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# process CPU ns/op (median [min..max] of " + ROUNDS + " rounds of " + OPS + " ops), wall ns/op median");
        for (String scheme : List.of("hyperspell", "github")) {
            IngressPathBenchmark b = new IngressPathBenchmark();
            b.scheme = scheme;
            b.bodyBytes = 1024;
            b.setUp();
            try {
                lines.add(measure(scheme + " verifyAndBuild", b::verifyAndBuild, b));
                lines.add(measure(scheme + " writeAcked", b::writeAcked, b));
            } finally {
                b.tearDown();
            }
        }
        lines.forEach(System.out::println);
        if (args.length > 0) {
            Files.write(Path.of(args[0]), lines);
        }
    }

    private static String measure(String name, Supplier<?> op, IngressPathBenchmark b) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Object sink = null;
        for (int i = 0; i < WARMUP; i++) {
            sink = op.get();
        }
        double[] cpu = new double[ROUNDS];
        double[] wall = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            b.forget();
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < OPS; i++) {
                sink = op.get();
            }
            wall[r] = (System.nanoTime() - w0) / (double) OPS;
            cpu[r] = (os.getProcessCpuTime() - c0) / (double) OPS;
        }
        if (sink == null) {
            throw new IllegalStateException();
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return String.format("%-28s cpu %8.0f ns/op [%.0f..%.0f]  wall %8.0f ns/op", name, cpu[ROUNDS / 2], cpu[0],
                cpu[ROUNDS - 1], wall[ROUNDS / 2]);
    }
}
