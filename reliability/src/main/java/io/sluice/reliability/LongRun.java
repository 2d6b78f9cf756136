package io.sluice.reliability;

import java.util.List;

/**
 * {@code reliability/run}: the fault-injection run from the command line (long plan unless
 * {@code -Dsluice.reliability.plan=short}). Prints the report, writes it to
 * {@code <run dir>/report.txt} and exits 1 when a verdict fails.
 */
public final class LongRun {
    private LongRun() {
    }

    public static void main(String[] args) {
        if (System.getProperty("sluice.reliability.plan") == null) {
            System.setProperty("sluice.reliability.plan", "long");
        }
        Plan plan = Harness.plan();
        java.nio.file.Path dir = Harness.runDir("chaos-" + plan.name());
        ChaosRun run = new ChaosRun(plan, dir, Harness.childClasspath());
        ChaosReport report = run.run();
        ChaosRun.publish(report, run.resources(), dir.resolve("report.txt"));
        List<String> failures = Verdicts.of(report);
        if (failures.isEmpty()) {
            System.out.println("VERDICT: PASS (nothing lost, nothing doubled)");
            System.exit(0);
        }
        failures.forEach(f -> System.out.println("FAIL: " + f));
        System.exit(1);
    }
}
