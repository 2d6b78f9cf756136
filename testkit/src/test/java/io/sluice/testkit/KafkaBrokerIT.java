package io.sluice.testkit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void recordWrittenBeforeRestartIsReadAfterIt() throws Exception {
        KAFKA.createTopics("restart:2");
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
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
