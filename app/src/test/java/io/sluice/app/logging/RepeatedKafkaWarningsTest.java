package io.sluice.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedKafkaWarningsTest {
    private final LoggerContext context = new LoggerContext();
    private final RepeatedKafkaWarnings filter = new RepeatedKafkaWarnings();

    @Test
    void firstKafkaWarningPassesAndItsRepeatsAreDropped() {
        var kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        String f = "[{}] Connection to node {} ({}) could not be established. Node may not be available.";
        assertThat(filter.decide(null, kafka, Level.WARN, f, null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, kafka, Level.WARN, f, null, null)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void repeatPassesAgainAfterTheInterval() throws InterruptedException {
        filter.setIntervalSeconds(0);
        var kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        assertThat(filter.decide(null, kafka, Level.WARN, "x {}", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, kafka, Level.WARN, "x {}", null, null)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void otherPatternsLoggersAndLevelsAreNotTouched() {
        var kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        var sluice = context.getLogger("io.sluice.ingress.Ingress");
        filter.decide(null, kafka, Level.WARN, "a {}", null, null);
        assertThat(filter.decide(null, kafka, Level.WARN, "b {}", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, kafka, Level.ERROR, "a {}", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, sluice, Level.WARN, "a {}", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, sluice, Level.WARN, "a {}", null, null)).isEqualTo(FilterReply.NEUTRAL);
    }
}
