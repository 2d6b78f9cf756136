package io.sluice.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's ceiling for the ingress's records: {@link KafkaLoad} in its own JVM (keyed records of the
 * body's size with the ingress's headers and producer guarantees), unthrottled, and throttled to the
 * ingress's max rate so that latency and CPU compare at the same offered rate.
 */
final class KafkaCeiling {

    /**
     * @param offered  the scheduled rate (records/s), 0 when unthrottled
     * @param p50      send (intended) → ack latency percentiles, ms
     * @param producerUs CPU µs of the producer process per acknowledged record
     */
    record Result(int recordSize, double offered, long records, double recordsPerSec, double p50, double p99,
                  double p999, double producerUs) {
    }

    private KafkaCeiling() {
    }

    static Result run(String bootstrap, String topic, int recordSize, Duration duration, double rate, List<String> jvmFlags,
                      Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaExecutable());
        cmd.addAll(jvmFlags);
        cmd.add("-Dlogback.configurationFile=io/sluice/bench/harness/logback-bench.xml");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KafkaLoad.class.getName());
        cmd.addAll(List.of(bootstrap, topic, String.valueOf(recordSize), String.valueOf(duration.toSeconds()),
                String.valueOf(rate)));
        Path out = Files.createTempFile(log.getParent(), "kafka-load-", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(duration.toSeconds() * 2 + 90, TimeUnit.SECONDS)) {
                throw new IOException("KafkaLoad did not finish in time (see " + log + ")");
            }
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.writeString(log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        for (String line : text.split("\n")) {
            if (line.startsWith("BENCH KAFKA ")) {
                Map<String, String> f = Child.parse(line.substring(12));
                long acked = Long.parseLong(f.get("acked"));
                double secs = Double.parseDouble(f.get("seconds"));
                return new Result(recordSize, rate, acked, Double.parseDouble(f.get("perSec")),
                        Double.parseDouble(f.get("p50")), Double.parseDouble(f.get("p99")), Double.parseDouble(f.get("p999")),
                        acked == 0 ? Double.NaN : Long.parseLong(f.get("cpuMs")) * 1000.0 / acked);
            }
        }
        throw new IOException("KafkaLoad printed no result (exit " + p.exitValue() + "): see " + log);
    }
}
