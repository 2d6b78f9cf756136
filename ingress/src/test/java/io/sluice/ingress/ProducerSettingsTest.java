package io.sluice.ingress;

import io.sluice.config.SluiceConfig;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerSettingsTest {
    private final SluiceConfig config = TestConfigs.config("127.0.0.1:9", "10s", "");

    @Test
    void producerIsIdempotentWithAcksAll() {
        Map<String, Object> p = ProducerSettings.of(config);
        assertThat(p).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    }

    @Test
    void maxRequestSizeAdmitsTheLargestBodyOfAnySource() {
        Map<String, Object> p = ProducerSettings.of(config);
        assertThat(p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)).isEqualTo((int) TopicProvisioner.maxRecordBytes(config));
        assertThat(((Number) p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)).longValue()).isGreaterThan(100_000);
        assertThat(((Number) p.get(ProducerConfig.BUFFER_MEMORY_CONFIG)).longValue())
                .isGreaterThanOrEqualTo(((Number) p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)).longValue());
    }

    @Test
    void timeoutsFollowKafkaTimeoutAndSatisfyTheProducersRule() {
        Map<String, Object> p = ProducerSettings.of(config);
        int delivery = (int) p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        int request = (int) p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        assertThat(delivery).isEqualTo(10_000);
        assertThat(p.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(10_000L);
        assertThat(delivery).isGreaterThanOrEqualTo(request + (int) ProducerSettings.LINGER_MS);
    }

    @Test
    void tinyKafkaTimeoutStillGivesAValidProducerConfig() {
        Map<String, Object> p = ProducerSettings.of(TestConfigs.config("127.0.0.1:9", "100ms", ""));
        int delivery = (int) p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        int request = (int) p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        assertThat(delivery).isGreaterThanOrEqualTo(request + (int) ProducerSettings.LINGER_MS);
        new ProducerConfig(p); // validates
    }
}
