package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void aHigherRateGetsEnoughSenderThreads() {
        Plan soak = Plan.soak(Duration.ofMinutes(30), 1, 7).withRate(120);
        assertThat(soak.rate()).isEqualTo(120);
        assertThat(soak.threads()).isEqualTo(24);
        assertThat(soak.name()).isEqualTo("soak-30m");
        assertThat(soak.processorKills() + soak.ingressKills() + soak.brokerRestarts()).isEqualTo(30);
    }

    @Test
    void aLowerRateKeepsThePlansThreads() {
        Plan p = Plan.shortRun(7).withRate(10);
        assertThat(p.rate()).isEqualTo(10);
        assertThat(p.threads()).isEqualTo(Plan.shortRun(7).threads());
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> Plan.shortRun(7).withRate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
