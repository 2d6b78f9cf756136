package io.sluice.processor;

import io.sluice.config.KafkaConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void exactlyOnceWithConfiguredClientAndDeadLetterSettings() {
        SluiceConfig config = TestConfigs.config("broker:9092", "app-1", dir);
        Properties p = StreamsProperties.of(config, ProcessorMetrics.inMemory());
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app-1");
        assertThat(p.get("bootstrap.servers")).isEqualTo("broker:9092");
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(p.get(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG)).isEqualTo(0L);
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
                .isEqualTo((int) TopicProvisioner.maxRecordBytes(config));
        assertThat(p.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("sluice.dlq");
        assertThat(p.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterHandler.class);
        // the config must be accepted by Streams itself
        new StreamsConfig(p);
    }

    @Test
    void crashedInstanceIsNoticedWithinTenSecondsByDefault() {
        Properties p = StreamsProperties.of(TestConfigs.config("broker:9092", "app-1", dir), ProcessorMetrics.inMemory());
        assertThat(p.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);
        assertThat(p.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)).isEqualTo(3_000);
    }

    @Test
    void kafkaPropertiesOverrideTheSessionTimeout() {
        SluiceConfig base = TestConfigs.config("broker:9092", "app-1", dir);
        SluiceConfig config = new SluiceConfig(new KafkaConfig(base.kafka().bootstrapServers(), base.kafka().embedded(),
                Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000")),
                base.topics(), base.ingress(), base.processor(), base.routes(), base.sources());
        Properties p = StreamsProperties.of(config, ProcessorMetrics.inMemory());
        assertThat(p.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo("45000");
    }

    @Test
    void producerBatchesAre256KiBByDefault() {
        Properties p = StreamsProperties.of(TestConfigs.config("broker:9092", "app-1", dir), ProcessorMetrics.inMemory());
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))).isEqualTo(256 * 1024);
        assertThat(String.valueOf(new StreamsConfig(p).getProducerConfigs("c").get(ProducerConfig.BATCH_SIZE_CONFIG)))
                .isEqualTo("262144");
    }

    @Test
    void kafkaPropertiesOverrideTheBatchSize() {
        SluiceConfig base = TestConfigs.config("broker:9092", "app-1", dir);
        SluiceConfig config = new SluiceConfig(new KafkaConfig(base.kafka().bootstrapServers(), base.kafka().embedded(),
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "65536")),
                base.topics(), base.ingress(), base.processor(), base.routes(), base.sources());
        Properties p = StreamsProperties.of(config, ProcessorMetrics.inMemory());
        assertThat(String.valueOf(new StreamsConfig(p).getProducerConfigs("c").get(ProducerConfig.BATCH_SIZE_CONFIG)))
                .isEqualTo("65536");
    }
}
