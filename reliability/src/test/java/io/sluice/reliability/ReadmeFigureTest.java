package io.sluice.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeFigureTest {
    /** The module directory is surefire's working directory; the repository is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static final String REPORT = """
            == Sluice reliability: soak-30m run (seed 42) ==
            wall time               1912 s
            faults                  15 processor SIGKILL, 7 ingress SIGKILL, 8 broker stop/start
            processor session       6000 ms (a killed processor's partitions wait this long)
            load                    60 deliveries/s asked from 12 sender threads, 58.9/s sent over 1805 s
            requests                106314 (31894 redeliveries, 30%), 74420 distinct events
            accepted (got a 200)    73901 events
            delivered exactly once  73901
            lost                    0\s
            duplicated              0\s
            resources kafka         181 samples over 30.0 min, 9 processes; RSS MiB first 254 last 302 max 330, slope +0.41 MiB/min; open fds first 219 last 235 max 238, slope -0.02 fds/min
            """;

    @Test
    void theReadmeFigureIsTheNewestKeptReport() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);

        assertThat(ReadmeFigure.current(readme))
                .as("README's reliability figure; refresh it with reliability/publish (or java "
                        + "reliability/src/main/java/io/sluice/reliability/ReadmeFigure.java .)")
                .isEqualTo(ReadmeFigure.expected(ROOT));
    }

    @Test
    void theBlockCarriesTheReportsFigures() {
        String block = ReadmeFigure.block(REPORT, "docs/reports/chaos-soak-30m-20261203-065500.txt");

        assertThat(block).startsWith(ReadmeFigure.BEGIN).endsWith(ReadmeFigure.END)
                .contains("`soak-30m`, seed 42, 1912 s")
                .contains("[docs/reports/chaos-soak-30m-20261203-065500.txt](docs/reports/chaos-soak-30m-20261203-065500.txt)")
                .contains("106,314 requests (30 % redeliveries)")
                .contains("load 60 deliveries/s asked from 12 sender threads, 58.9/s sent over 1805 s")
                .contains("faults: 15 processor SIGKILL, 7 ingress SIGKILL, 8 broker stop/start")
                .contains("73,901 events accepted, 73,901 delivered exactly once, **0 lost, 0 duplicated**")
                .contains("kafka RSS +0.41 MiB, fds -0.02");
    }

    @Test
    void theNewestReportIsChosenByTheTimeInItsName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("chaos-soak-4m-20261203-020440.txt"), REPORT);
        Files.writeString(dir.resolve("chaos-cluster-short-20261203-014421.txt"), REPORT);
        Files.writeString(dir.resolve("notes.txt"), "not a report");

        assertThat(ReadmeFigure.newest(dir)).hasValue(dir.resolve("chaos-soak-4m-20261203-020440.txt"));
    }

    @Test
    void rewritingTouchesOnlyTheBlock() {
        String readme = "intro\n" + ReadmeFigure.BEGIN + "\nold figure\n" + ReadmeFigure.END + "\noutro\n";

        String next = ReadmeFigure.rewrite(readme, ReadmeFigure.block(REPORT, "r.txt"));

        assertThat(next).startsWith("intro\n" + ReadmeFigure.BEGIN).endsWith(ReadmeFigure.END + "\noutro\n")
                .doesNotContain("old figure");
    }
}
