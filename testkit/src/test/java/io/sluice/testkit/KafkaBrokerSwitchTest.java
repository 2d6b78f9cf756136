package io.sluice.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerSwitchTest {
    @Test
    void unsetOrEmbeddedMeansTheEmbeddedBroker() {
        assertThat(KafkaBroker.containerImage(null)).isNull();
        assertThat(KafkaBroker.containerImage("")).isNull();
        assertThat(KafkaBroker.containerImage("embedded")).isNull();
    }

    @Test
    void containerMeansTheApacheKafkaImageOfTheEmbeddedVersion() {
        assertThat(KafkaBroker.containerImage("container")).isEqualTo("apache/kafka:4.3.1");
        assertThat(KafkaBroker.containerImage("container:my.registry/kafka:4.3.1")).isEqualTo("my.registry/kafka:4.3.1");
    }

    @Test
    void anythingElseIsRefusedNamingTheSwitch() {
        assertThatThrownBy(() -> KafkaBroker.containerImage("docker")).hasMessageContaining("sluice.test.kafka");
    }
}
