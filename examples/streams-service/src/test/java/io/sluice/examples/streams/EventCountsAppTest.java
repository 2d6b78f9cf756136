package io.sluice.examples.streams;

import io.sluice.examples.consumer.SluiceRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EventCountsAppTest {
    @Test
    void countsEventsPerAppFromAJsonRoute() {
        Properties props = EventCountsApp.properties("unused:9092", "counts-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EventCountsApp.topology(SluiceRecords.JSON_TOPIC, "counts"), props)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(SluiceRecords.JSON_TOPIC,
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (String[] e : new String[][]{{"e1", "a"}, {"e2", "a"}, {"e3", "b"}}) {
                for (ProducerRecord<byte[], byte[]> r : SluiceRecords.hyperspell(e[0], e[1])) {
                    if (r.topic().equals(SluiceRecords.JSON_TOPIC)) {
                        in.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers()));
                    }
                }
            }
            var counts = driver.createOutputTopic("counts", new StringDeserializer(), new LongDeserializer())
                    .readKeyValuesToMap();
            assertThat(counts).containsEntry("a", 2L).containsEntry("b", 1L).hasSize(2);
        }
    }
}
