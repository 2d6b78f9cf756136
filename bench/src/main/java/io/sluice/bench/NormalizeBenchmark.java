package io.sluice.bench;

import io.sluice.config.ConfigLoader;
import io.sluice.processor.Normalization;
import io.sluice.processor.Normalizer;
import io.sluice.processor.RawHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processor's per-record normalization ({@link Normalizer#normalize}: headers, body shape check,
 * subject/time/attributes from the body, the Avro event) for one {@code hyperspell} record of the
 * size {@code bench/run} sends. Run from the harness classpath (the processor is not in the shaded jar):
 * {@code java -cp bench/target/classes:$(cat bench/target/harness.classpath) org.openjdk.jmh.Main NormalizeBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NormalizeBenchmark {
    @Param({"1024"})
    public int bodyBytes;

    private Normalizer normalizer;
    private byte[] key;
    private byte[] body;
    private RecordHeaders headers;

    @Setup
    public void setUp() {
        String yaml = "kafka:\n  bootstrap-servers: \"127.0.0.1:9\"\n"
                + "topics:\n  raw: bench.raw\n  default: bench.events\n  dead-letter: bench.dlq\n"
                + "sources:\n  - name: bench\n    scheme: hyperspell\n    secrets: [\"bench-secret\"]\n";
        normalizer = new Normalizer(new ConfigLoader(Map.of()).parse(yaml));
        String head = "{\"event\":\"index-completed\",\"app\":\"bench\",\"user_id\":\"user-1\",\"resource_id\":\"r-1\","
                + "\"timestamp\":1795000000,\"pad\":\"";
        body = (head + "x".repeat(Math.max(0, bodyBytes - head.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
        String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        key = ("bench:" + id).getBytes(StandardCharsets.UTF_8);
        headers = new RecordHeaders();
        headers.add(RawHeaders.SOURCE, utf8("bench"));
        headers.add(RawHeaders.EVENT_ID, utf8(id));
        headers.add(RawHeaders.EVENT_TYPE, utf8("index-completed"));
        headers.add(RawHeaders.RECEIVED_AT, utf8("1795000000123"));
        headers.add(RawHeaders.CONTENT_TYPE, utf8("application/json"));
        if (!(normalize() instanceof Normalization.Normalized)) {
            throw new IllegalStateException("not normalized: " + normalize());
        }
    }

    @Benchmark
    public Normalization normalize() {
        return normalizer.normalize(key, body, headers);
    }

    /**
     * Process CPU time per normalization (median of 7 rounds of 200,000), which other load on the
     * machine hardly moves, unlike JMH's wall-clock average: {@code ... io.sluice.bench.NormalizeBenchmark [out.txt]}.
     */
    public static void main(String[] args) throws Exception {
        NormalizeBenchmark b = new NormalizeBenchmark();
        b.bodyBytes = 1024;
        b.setUp();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Object sink = null;
        for (int i = 0; i < 300_000; i++) {
            sink = b.normalize();
        }
        double[] cpu = new double[7];
        for (int r = 0; r < cpu.length; r++) {
            long c0 = os.getProcessCpuTime();
            for (int i = 0; i < 200_000; i++) {
                sink = b.normalize();
            }
            cpu[r] = (os.getProcessCpuTime() - c0) / 200_000.0;
        }
        java.util.Arrays.sort(cpu);
        String line = String.format("normalize hyperspell 1 KiB: process CPU %.0f ns/op median [%.0f..%.0f] of 7 rounds%s",
                cpu[3], cpu[0], cpu[6], sink == null ? "?" : "");
        System.out.println(line);
        if (args.length > 0) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), line + "\n");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
