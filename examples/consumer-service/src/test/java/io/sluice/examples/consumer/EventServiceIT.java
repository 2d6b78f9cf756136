package io.sluice.examples.consumer;

import io.sluice.consumer.SluiceConsumers;
import io.sluice.schemas.WebhookEvent;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The plain KafkaConsumer service reads an Avro route and a JSON route of real Sluice records. */
class EventServiceIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void serviceHandlesEveryEventOfBothRouteFormats() throws Exception {
        KAFKA.createTopics(SluiceRecords.AVRO_TOPIC + ":2", SluiceRecords.JSON_TOPIC + ":2");
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (int i = 1; i <= 3; i++) {
                SluiceRecords.write(producer, SluiceRecords.hyperspell("e" + i, "app-" + i));
            }
        }
        List<WebhookEvent> handled = new CopyOnWriteArrayList<>();
        EventService service = new EventService(SluiceConsumers.consumerProperties(KAFKA.bootstrapServers(), "svc-it"),
                List.of(SluiceRecords.AVRO_TOPIC, SluiceRecords.JSON_TOPIC), handled::add);
        Thread loop = new Thread(service, "event-service");
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 6);
            // a marker written after the first six: once it is handled, everything before it was too
            try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
                SluiceRecords.write(producer, SluiceRecords.hyperspell("marker", "m"));
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> handled.stream().filter(e -> e.getId().equals("marker")).count() == 2);
        } finally {
            service.close();
            loop.join(30_000);
        }
        List<WebhookEvent> events = new ArrayList<>(handled);
        assertThat(events).hasSize(8);
        assertThat(events).extracting(WebhookEvent::getId)
                .containsExactlyInAnyOrder("e1", "e1", "e2", "e2", "e3", "e3", "marker", "marker");
        WebhookEvent e1 = events.stream().filter(e -> e.getId().equals("e1")).findFirst().orElseThrow();
        assertThat(e1.getSource()).isEqualTo("hyperspell");
        assertThat(e1.getSubject()).isEqualTo("page-e1");
        assertThat(e1.getAttributes()).containsEntry("app", "app-1").containsEntry("user_id", "u-1");
        assertThat(SluiceConsumers.dataText(e1)).contains("\"resource_id\":\"page-e1\"");
        // the two formats of one event decode to the same envelope
        assertThat(events.stream().filter(e -> e.getId().equals("e2")).distinct()).hasSize(1);
    }
}
