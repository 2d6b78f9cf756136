package io.sluice.testkit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void recordWrittenBeforeRestartIsReadAfterIt() throws Exception {
        KAFKA.createTopics("restart:2");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            p.send(new ProducerRecord<>("restart", "k".getBytes(StandardCharsets.UTF_8),
                    "v".getBytes(StandardCharsets.UTF_8))).get();
        }
        KAFKA.stopBroker();
        KAFKA.restartBroker();
        var records = KAFKA.consume("restart", 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("v");
    }
}
