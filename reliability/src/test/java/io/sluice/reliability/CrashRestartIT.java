package io.sluice.reliability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Nothing lost, nothing doubled" under crashes: the short fault plan ({@link Plan#shortRun}) against
 * the real CLI in child JVMs (long plan with {@code -Preliability-long} or {@code reliability/run}).
 * The scenario runs once; each test checks one promise on its report. The report is printed and
 * written to {@code target/reliability/chaos-<plan>-<time>/report.txt}.
 */
class CrashRestartIT {
    private static ChaosReport report;

    @BeforeAll
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    static void runScenario() {
        Plan plan = Harness.plan();
        Path dir = Harness.runDir("chaos-" + plan.name());
        report = new ChaosRun(plan, dir, Harness.childClasspath()).run();
        ChaosRun.publish(report, dir.resolve("report.txt"));
    }

    @Test
    void everyKilledServiceCameBackAsANewProcess() {
        assertThat(report.evidence()).as("faults observed").isNotEmpty();
        assertThat(report.evidence()).allSatisfy(f -> {
            assertThat(f.pidBefore()).as("%s", f).isPositive();
            assertThat(f.pidAfter()).as("%s", f).isPositive().isNotEqualTo(f.pidBefore());
            assertThat(f.readyAgain()).as("%s", f).isTrue();
        });
        assertThat(report.evidence()).extracting(ChaosReport.FaultEvidence::kind)
                .contains("processor", "ingress", "broker");
        assertThat(report.requests()).isPositive();
        assertThat(report.redeliveries()).isPositive();
    }

    @Test
    void eachBrokerStopWasSeenAsAnOutage() {
        long brokerStops = report.evidence().stream().filter(f -> f.kind().equals("broker")).count();
        assertThat(brokerStops).isPositive();
        assertThat(report.outages()).hasSize((int) brokerStops);
    }

    @Test
    void everyRequestIsAnsweredWhileNothingIsDown() {
        assertThat(report.unansweredOutsideFaults()).as("connection errors or timeouts outside the fault windows")
                .isZero();
    }

    @Test
    void deliveriesWereAcceptedDespiteTheFaults() {
        assertThat(report.delivery().accepted()).as("events that got a 200").isPositive();
        assertThat(report.delivery().caughtUp())
                .as("the processor committed the whole raw topic and every output was read to its end").isTrue();
    }

    @Test
    void everyAcceptedDeliveryIsInItsRoutedTopic() {
        assertThat(report.delivery().lost()).as("accepted but never delivered").isEmpty();
        assertThat(report.delivery().misrouted()).isEmpty();
        assertThat(report.delivery().deadLettered()).isZero();
        assertThat(report.delivery().delivered()).isEqualTo(report.delivery().accepted());
    }

    @Test
    void noKeyIsDeliveredTwice() {
        assertThat(report.delivery().duplicated()).isEmpty();
    }

    @Test
    void deliveredEnvelopesCarryTheBodyAsSent() {
        assertThat(report.delivery().corrupt()).isEmpty();
        assertThat(report.delivery().unknown()).isEmpty();
    }

    @Test
    void validDeliveriesAreAnsweredOnly200Or503() {
        assertThat(report.unexpectedStatuses()).as("answers other than 200/503: %s", report.statuses()).isZero();
        assertThat(report.missingRetryAfter()).as("503 without Retry-After").isZero();
    }

    @Test
    void ingressAnswers503AndNever200WhileTheBrokerIsDown() {
        assertThat(report.outages()).isNotEmpty();
        for (ChaosReport.OutageFigures o : report.outages()) {
            assertThat(o.ok()).as("200s while the broker was down: %s", o).isZero();
            assertThat(o.unavailable()).as("503s while the broker was down: %s", o).isPositive();
        }
    }

    @Test
    void ingressRecoversByItselfAfterTheBrokerReturns() {
        for (ChaosReport.OutageFigures o : report.outages()) {
            assertThat(o.recoverySeconds()).as("seconds to the first 200 after the restart: %s", o)
                    .isBetween(0.0, Verdicts.MAX_RECOVERY_SECONDS);
        }
    }

    @Test
    void dedupeStoreIsBoundedByTheDistinctKeys() {
        assertThat(report.store().changelogTopics()).as("dedupe changelog topics").isNotEmpty();
        // the store is also the event index: a duplicate rewrites its key's entry (another changelog
        // record, same store key), so the bound is on the entries (distinct store keys), not the records
        assertThat(report.store().changelogKeys()).isPositive().isLessThanOrEqualTo(report.store().rawDistinctKeys());
        assertThat(report.store().changelogConfig().values())
                .allSatisfy(c -> assertThat(c).contains("delete").doesNotContain("retention.ms=-1"));
    }

    @Test
    void servicesNeverLogASecretOrASignature() {
        assertThat(report.leaks()).isEmpty();
    }
}
