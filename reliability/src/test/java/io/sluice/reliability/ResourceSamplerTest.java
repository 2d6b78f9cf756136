package io.sluice.reliability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResourceSamplerTest {
    @Test
    void slopeOfAStraightLineIsItsGradient() {
        List<double[]> line = List.of(new double[]{0, 10}, new double[]{1, 12}, new double[]{2, 14}, new double[]{3, 16});
        assertThat(ResourceSampler.slope(line)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void flatSeriesHasNoSlope() {
        List<double[]> flat = List.of(new double[]{0, 5}, new double[]{1, 5}, new double[]{2, 5});
        assertThat(ResourceSampler.slope(flat)).isZero();
    }

    @Test
    void readsThisProcesssRssAndOpenFds() {
        long pid = ProcessHandle.current().pid();
        assertThat(ResourceSampler.rssKb(pid)).as("VmRSS of this JVM").isGreaterThan(1024);
        assertThat(ResourceSampler.fds(pid)).as("open fds of this JVM").isGreaterThan(2);
    }

    @Test
    void soakPlanFaultsAboutEveryMinute() {
        Plan p = Plan.named("soak-30m", 1);
        assertThat(p.soak()).isTrue();
        assertThat(p.processorKills() + p.ingressKills() + p.brokerRestarts()).isEqualTo(30);
        assertThat(p.brokers()).isEqualTo(1);
        assertThat(Plan.named("soak-5m-cluster", 1).brokers()).isEqualTo(3);
        assertThat(Plan.soak(Duration.ofMinutes(30), 1, 1).maxGap()).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }
}
