package io.sluice.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka ceiling: Kafka's own {@code org.apache.kafka.tools.ProducerPerformance} (kafka-tools),
 * in its own JVM, sending records of the same size as the ingress's bodies with the ingress's
 * producer guarantees ({@code acks=all}, idempotent, {@code linger.ms=5}) as fast as it can. The
 * steady-state line (after the warm-up records) is the figure.
 */
final class KafkaCeiling {
    private static final Pattern TOTAL = Pattern.compile(
            "(\\d+)( steady state)? records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, "
                    + "([0-9.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    /**
     * @param recordsPerSec steady-state send rate
     * @param p50Ms         producer send-to-ack latency percentiles (ms, as the tool prints them)
     */
    record Result(int recordSize, long records, double recordsPerSec, double mbPerSec, long p50Ms, long p99Ms,
                  long p999Ms) {
    }

    private KafkaCeiling() {
    }

    static Result run(String bootstrap, String topic, int recordSize, long records, List<String> jvmFlags, Path log,
                      Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaExecutable());
        cmd.addAll(jvmFlags);
        cmd.add("-Dlogback.configurationFile=io/sluice/bench/harness/logback-bench.xml");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.apache.kafka.tools.ProducerPerformance");
        cmd.addAll(List.of("--topic", topic, "--num-records", String.valueOf(records),
                "--record-size", String.valueOf(recordSize), "--throughput", "-1",
                "--warmup-records", String.valueOf(records / 5),
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true",
                "linger.ms=5", "max.in.flight.requests.per.connection=5", "client.id=bench-kafka-ceiling"));
        Path out = Files.createTempFile(log.getParent(), "producer-perf-", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("ProducerPerformance did not finish within " + timeout);
            }
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.writeString(log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Result steady = null;
        Result any = null;
        for (String line : text.split("\n")) {
            Matcher m = TOTAL.matcher(line);
            if (m.find()) {
                Result r = new Result(recordSize, Long.parseLong(m.group(1)), Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)), Long.parseLong(m.group(7)), Long.parseLong(m.group(9)),
                        Long.parseLong(m.group(10)));
                if (m.group(2) != null) {
                    steady = r;
                } else {
                    any = r;
                }
            }
        }
        if (steady == null && any == null) {
            throw new IOException("ProducerPerformance printed no summary (exit " + p.exitValue() + "): see " + log);
        }
        return steady != null ? steady : any;
    }
}
