package io.sluice.examples.streams;

import io.sluice.examples.consumer.SluiceRecords;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Kafka Streams service on a real broker, reading an Avro route of real Sluice records. */
class EventCountsAppIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    Path stateDir;

    @Test
    void countsEveryEventOfTheRoutePerApp() throws Exception {
        KAFKA.createTopics(SluiceRecords.AVRO_TOPIC + ":2", SluiceRecords.JSON_TOPIC + ":2", "app-counts:2");
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (String[] e : new String[][]{{"e1", "a"}, {"e2", "a"}, {"e3", "b"}, {"e4", "a"}}) {
                SluiceRecords.write(producer, SluiceRecords.hyperspell(e[0], e[1]));
            }
        }
        Properties props = EventCountsApp.properties(KAFKA.bootstrapServers(), "counts-it");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        Map<String, Long> latest = new ConcurrentHashMap<>();
        try (KafkaStreams streams = new KafkaStreams(EventCountsApp.topology(SluiceRecords.AVRO_TOPIC, "app-counts"), props);
             KafkaConsumer<String, Long> out = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "counts-reader",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new StringDeserializer(), new LongDeserializer())) {
            streams.start();
            out.subscribe(List.of("app-counts"));
            // the counts only grow: wait until they reach the totals written above
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                out.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
                return latest.getOrDefault("a", 0L) >= 3 && latest.getOrDefault("b", 0L) >= 1;
            });
        }
        assertThat(latest).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3L, "b", 1L));
    }
}
