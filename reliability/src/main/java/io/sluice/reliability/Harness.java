package io.sluice.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where the child classpath and the run directories come from (system properties set by the pom or {@code reliability/run}). */
public final class Harness {
    private Harness() {
    }

    /**
     * The classpath of {@code io.sluice.app.Sluice}: {@code -Dsluice.reliability.classpath}, else the file
     * named by {@code -Dsluice.reliability.classpath.file} (written by the build: target/child-classpath.txt).
     */
    public static String childClasspath() {
        String cp = System.getProperty("sluice.reliability.classpath");
        if (cp != null && !cp.isBlank()) {
            return cp;
        }
        Path file = Path.of(System.getProperty("sluice.reliability.classpath.file", "target/child-classpath.txt"));
        try {
            String text = Files.readString(file).trim();
            // our own classes are not part of it, and the children do not need them
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("no child classpath: " + file + " (run through Maven or reliability/run)", e);
        }
    }

    /** A fresh directory for one run: {@code <out>/<name>-<time>}. */
    public static Path runDir(String name) {
        Path out = Path.of(System.getProperty("sluice.reliability.out", "target/reliability"));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            return Files.createDirectories(out.resolve(name + "-" + stamp)).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes a run's broker and Streams data (logs, config and report stay), unless
     * {@code -Dsluice.reliability.keepData=true}: a run's topics are of no use once audited.
     */
    public static void dropData(Path runDir) {
        if (Boolean.getBoolean("sluice.reliability.keepData")) {
            return;
        }
        Path data = runDir.resolve("data");
        if (!Files.exists(data)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(data)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: target/ is cleaned by mvn clean anyway
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * The plan named by {@code -Dsluice.reliability.plan} (short unless told), seeded by {@code -Dsluice.reliability.seed},
     * at the load {@code -Dsluice.reliability.rate} (deliveries per second) when given.
     */
    public static Plan plan() {
        String seed = System.getProperty("sluice.reliability.seed");
        long s = seed == null || seed.isBlank() ? System.currentTimeMillis() : Long.parseLong(seed.trim());
        Plan plan = Plan.named(System.getProperty("sluice.reliability.plan", "short").trim(), s);
        String rate = System.getProperty("sluice.reliability.rate");
        if (rate != null && !rate.isBlank()) {
            plan = plan.withRate(Double.parseDouble(rate.trim()));
        }
        return Boolean.getBoolean("sluice.reliability.defaultSessionTimeout") ? plan.withDefaultSessionTimeout() : plan;
    }
}
