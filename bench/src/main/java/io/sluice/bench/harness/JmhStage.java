package io.sluice.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the verifiers' JMH benchmark ({@code io.sluice.bench.VerifierBenchmark}) through JMH's own
 * runner in a child JVM, with a short configuration (few forks and iterations: indicative, not
 * publication-grade), and reads its JSON result.
 */
final class JmhStage {
    static final String BENCHMARK = "io.sluice.bench.VerifierBenchmark";

    /** One JMH result row. */
    record Row(String benchmark, String params, String mode, double score, double error, String unit) {
    }

    private JmhStage() {
    }

    static boolean available() {
        try {
            Class.forName(BENCHMARK, false, JmhStage.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static List<Row> run(List<String> jmhArgs, Path results, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Path json = results.resolve("jmh.json");
        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaExecutable());
        cmd.add("-Dlogback.configurationFile=io/sluice/bench/harness/logback-bench.xml");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.openjdk.jmh.Main");
        cmd.add(BENCHMARK.replace(".", "\\.") + ".*");
        cmd.addAll(jmhArgs);
        cmd.addAll(List.of("-jvmArgsAppend", "-Dlogback.configurationFile=io/sluice/bench/harness/logback-bench.xml",
                "-rf", "json", "-rff", json.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("JMH did not finish within " + timeout + " (see " + log + ")");
            }
        } finally {
            p.destroyForcibly();
        }
        if (!Files.exists(json)) {
            throw new IOException("JMH wrote no result (exit " + p.exitValue() + "; see " + log + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            String name = r.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.') + 1);
            StringBuilder params = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.append(params.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText());
            }
            JsonNode m = r.path("primaryMetric");
            rows.add(new Row(name, params.toString(), r.path("mode").asText(), m.path("score").asDouble(),
                    m.path("scoreError").asDouble(Double.NaN), m.path("scoreUnit").asText()));
        }
        return rows;
    }
}
