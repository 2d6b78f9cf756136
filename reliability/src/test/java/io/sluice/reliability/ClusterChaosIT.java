package io.sluice.reliability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Nothing lost, nothing doubled" on three brokers: the short cluster plan ({@link Plan#clusterShortRun})
 * against three KRaft nodes (combined broker+controller, replication 3, {@code min.insync.replicas} 2),
 * two processor instances with a standby and one ingress, all child JVMs of the real CLI, while the
 * leader of the raw topic's busiest partition, a processor and the ingress are SIGKILLed (the long plan:
 * {@code reliability/run --brokers 3}). The scenario runs once; each test checks one promise on its
 * report, written to {@code target/reliability/chaos-cluster-short-<time>/report.txt}.
 */
class ClusterChaosIT {
    private static ChaosReport report;

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    static void runScenario() {
        String seed = System.getProperty("sluice.reliability.seed");
        Plan plan = Plan.clusterShortRun(seed == null || seed.isBlank() ? System.currentTimeMillis() : Long.parseLong(seed.trim()));
        Path dir = Harness.runDir("chaos-" + plan.name());
        report = new ChaosRun(plan, dir, Harness.childClasspath()).run();
        ChaosRun.publish(report, dir.resolve("report.txt"));
    }

    @Test
    void everyKilledNodeCameBackAsANewProcessAndInSync() {
        assertThat(report.evidence()).extracting(ChaosReport.FaultEvidence::kind)
                .contains("processor", "ingress", "broker");
        assertThat(report.evidence()).allSatisfy(f -> {
            assertThat(f.pidBefore()).as("%s", f).isPositive();
            assertThat(f.pidAfter()).as("%s", f).isPositive().isNotEqualTo(f.pidBefore());
            assertThat(f.readyAgain()).as("%s", f).isTrue();
        });
        long brokerKills = report.evidence().stream().filter(f -> f.kind().equals("broker")).count();
        assertThat(report.outages()).as("one measured outage per broker kill").hasSize((int) brokerKills);
    }

    @Test
    void theClusterKeptAcceptingWhileOneBrokerWasDown() {
        assertThat(report.outages()).isNotEmpty().allSatisfy(o ->
                assertThat(o.ok() + o.okAfterRestart()).as("200s to requests sent while a broker was down: %s", o)
                        .isPositive());
    }

    @Test
    void answers503OnlyDuringAKill() {
        assertThat(report.availability()).isNotNull();
        assertThat(report.availability().isrSamples()).as("ISR samples").isPositive();
        assertThat(report.availability().unavailableOutsideFaults()).as("503s outside every kill window").isZero();
        assertThat(report.missingRetryAfter()).isZero();
    }

    @Test
    void nothingAcceptedWasLostOrDoubledAcrossLeaderMoves() {
        assertThat(report.delivery().accepted()).isPositive();
        assertThat(report.delivery().caughtUp()).as("processor committed the raw topic's end, outputs read to the end")
                .isTrue();
        assertThat(report.delivery().lost()).as("lost").isEmpty();
        assertThat(report.delivery().duplicated()).as("duplicated").isEmpty();
        assertThat(report.delivery().misrouted()).as("misrouted").isEmpty();
        assertThat(report.delivery().corrupt()).as("corrupt").isEmpty();
        assertThat(report.delivery().unknown()).as("unknown").isEmpty();
    }

    @Test
    void allVerdictsPass() {
        assertThat(Verdicts.of(report)).isEmpty();
    }
}
