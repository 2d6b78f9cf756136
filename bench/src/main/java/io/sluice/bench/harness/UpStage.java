package io.sluice.bench.harness;

import static io.sluice.bench.harness.Wrk.cpuMs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code bin/sluice up} as a user runs it (one JVM holding the embedded broker, the processor, the
 * ingress and the admin API, with {@code bin/sluice}'s own JVM flags) under the HTTP load of the
 * other stages: its peak resident set ({@code VmHWM} from {@code /proc/<pid>/status}, sampled by
 * the kernel, so no agent runs inside the measured JVM) and whether its processor kept up.
 */
final class UpStage {
    /** What one run of {@code up} under load gave. */
    record Result(double rate, Wrk.Result load, long rssPeakBytes, long rssEndBytes, long cpuMs, long rawRecords,
                  long committed, double catchUpSeconds, String flags) {
    }

    private UpStage() {
    }

    /**
     * @param sourceYaml the {@code sources:} block the pool's deliveries were signed for
     * @param rate       offered requests/s (open model)
     */
    static Result run(Path root, Path results, String sourceYaml, Wrk.Pool pool, HttpStage.Cursor cursor, Settings.Http h,
                      double rate, Duration duration, Consumer<String> log) throws Exception {
        int kafkaPort = freePort();
        int ingressPort = freePort();
        int processorPort = freePort();
        int adminPort = freePort();
        Path data = results.resolve("up-data");
        String yaml = "kafka:\n  bootstrap-servers: \"\"\n  embedded:\n    port: " + kafkaPort + "\n    data-dir: "
                + data.resolve("kafka") + "\n"
                + "topics:\n  raw: sluice.raw\n  default: sluice.events\n  dead-letter: sluice.dlq\n"
                + "  partitions: 3\n  replication-factor: 1\n"
                + "ingress:\n  host: 127.0.0.1\n  port: " + ingressPort + "\n"
                + "processor:\n  port: " + processorPort + "\n  application-id: bench-up\n  state-dir: "
                + data.resolve("streams") + "\n"
                + "admin:\n  host: 127.0.0.1\n  port: " + adminPort + "\n"
                + "routes:\n  - topic: bench.index\n    sources: [bench]\n    types: [\"index-*\"]\n"
                + sourceYaml;
        Path config = results.resolve("up.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/sluice").toString(), "up", "-c", config.toString())
                .directory(root.toFile()).redirectErrorStream(true);
        // bin/sluice's default flags for `up`, as a user gets them
        pb.environment().remove("JAVA_OPTS");
        Path upLog = results.resolve("up.log");
        Process p = pb.redirectOutput(upLog.toFile()).start();
        try {
            awaitReady(ingressPort, p, Duration.ofSeconds(180));
            long pid = javaPid(p);
            String flags = flagsOf(pid);
            log.accept("up running (pid " + pid + ", " + flags + "), load at " + Math.round(rate) + "/s");
            // warm-up at the measured rate (a cold JVM answers slowly; the peak RSS counts it anyway)
            Wrk.Result warm = Wrk.run(pool, results, ingressPort, h.threads(), h.connections(), rate, h.warmup(), cursor.next,
                    () -> new long[]{0, 0, 0}, results.resolve("wrk-up.log"));
            HttpStage.advance(cursor, warm, h);
            log.accept(String.format("up warm-up at %.0f/s: %.0f/s 2xx", rate, warm.ok()));
            Wrk.Result load = Wrk.run(pool, results, ingressPort, h.threads(), h.connections(), rate, duration, cursor.next,
                    () -> new long[]{cpuMs(pid), -1, Machine.busyCpuMs()}, results.resolve("wrk-up.log"));
            HttpStage.advance(cursor, load, h);
            // the processor drains what the ingress took; then the peak is read
            long[] caught = awaitCaughtUp("127.0.0.1:" + kafkaPort, Duration.ofSeconds(120));
            long t0 = System.nanoTime();
            Map<String, Long> status = MemoryProbe.procStatus(Path.of("/proc/" + pid + "/status"), List.of("VmRSS", "VmHWM"));
            return new Result(rate, load, status.getOrDefault("VmHWM", -1L), status.getOrDefault("VmRSS", -1L),
                    cpuMs(pid), caught[0], caught[1], caught[2] / 1000.0, flags);
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /** {raw records, committed by the processor, ms waited}: waits until the group has committed the raw topic's end. */
    private static long[] awaitCaughtUp(String bootstrap, Duration max) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long t0 = System.nanoTime();
        try (Admin admin = Admin.create(props)) {
            List<TopicPartition> tps = IntStream.range(0, 3).mapToObj(i -> new TopicPartition("sluice.raw", i)).toList();
            long end = admin.listOffsets(tps.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(r -> r.offset()).sum();
            long done = -1;
            long deadline = t0 + max.toNanos();
            while (System.nanoTime() < deadline) {
                done = ProcessorStage.committed(admin, "bench-up", "sluice.raw");
                // transaction markers take offsets too: committed may pass the record count
                if (done >= end) {
                    break;
                }
                Thread.sleep(200);
            }
            return new long[]{end, done, (System.nanoTime() - t0) / 1_000_000};
        }
    }

    private static void awaitReady(int port, Process p, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/health/ready");
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("bin/sluice up exited with " + p.exitValue() + " (see up.log)");
            }
            try {
                if (client.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IOException("bin/sluice up not ready within " + max.toSeconds() + " s (see up.log)");
    }

    /** The java process: bin/sluice execs it, but a first use builds the jar first. */
    private static long javaPid(Process p) {
        return p.toHandle().descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .map(ProcessHandle::pid).findFirst().orElse(p.pid());
    }

    private static String flagsOf(long pid) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        List<String> flags = new ArrayList<>();
        for (String a : new String(raw, StandardCharsets.UTF_8).split("\0")) {
            if (a.startsWith("-X")) {
                flags.add(a);
            }
        }
        return String.join(" ", flags);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
