package io.sluice.processor;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.sluice.config.SluiceConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static io.sluice.processor.TopologyTest.HYPERSPELL;
import static io.sluice.processor.TopologyTest.T0;
import static io.sluice.processor.TopologyTest.bytes;
import static io.sluice.processor.TopologyTest.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every output record is a CloudEvent in the Kafka binding's binary mode, as read by the official
 * CloudEvents Java SDK's Kafka deserializer.
 */
class CloudEventsBindingTest {
    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> raw;
    final CloudEventDeserializer sdk = new CloudEventDeserializer();

    @BeforeEach
    void start() {
        SluiceConfig config = TestConfigs.config("unused:9092", "ce-test", stateDir);
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics), StreamsProperties.of(config, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
        sdk.configure(Map.of(), false);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(Headers headers, String key, String body) {
        raw.pipeInput(new TestRecord<>(bytes(key), bytes(body), headers, T0));
    }

    private CloudEvent single(String topic) {
        List<TestRecord<byte[], byte[]>> records = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
        assertThat(records).hasSize(1);
        TestRecord<byte[], byte[]> r = records.get(0);
        return sdk.deserialize(topic, r.headers(), r.value());
    }

    @Test
    void routedRecordIsACloudEventWithEveryAttribute() {
        send(headers("hyperspell", "e1", "index-completed"), "hyperspell:e1", HYPERSPELL);
        CloudEvent ce = single("hyperspell.index");
        assertThat(ce.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(ce.getId()).isEqualTo("e1");
        assertThat(ce.getSource()).isEqualTo(URI.create("sluice/hyperspell"));
        assertThat(ce.getType()).isEqualTo("index-completed");
        // the body's "timestamp": 1763892000 seconds
        assertThat(ce.getTime()).isEqualTo(OffsetDateTime.parse("2025-11-23T10:00:00Z"));
        assertThat(ce.getSubject()).isEqualTo("page-9");
        assertThat(ce.getDataContentType()).isEqualTo(CloudEventHeaders.AVRO_CONTENT_TYPE);
    }

    @Test
    void routedRecordDataIsTheAvroValue() {
        send(headers("hyperspell", "e1", "index-completed"), "hyperspell:e1", HYPERSPELL);
        CloudEvent ce = single("hyperspell.index");
        assertThat(ce.getData()).isNotNull();
        byte[] data = ce.getData().toBytes();
        assertThat(TopologyTest.decode(data).getId()).isEqualTo("e1");
    }

    @Test
    void defaultTopicRecordIsACloudEvent() {
        send(headers("github", "d1", "ping"), "github:d1", "{\"zen\":\"hi\"}");
        CloudEvent ce = single("sluice.events");
        assertThat(ce.getId()).isEqualTo("d1");
        assertThat(ce.getSource()).isEqualTo(URI.create("sluice/github"));
        assertThat(ce.getType()).isEqualTo("ping");
    }

    @Test
    void unknownTimeAndSubjectAreLeftOut() {
        send(headers("github", "d1", "ping"), "github:d1", "{\"zen\":\"hi\"}");
        CloudEvent ce = single("sluice.events");
        assertThat(ce.getTime()).isNull();
        assertThat(ce.getSubject()).isNull();
    }

    @Test
    void eventWithoutTypeGetsTheUntypedType() {
        send(headers("partner", "p1", ""), "partner:p1", "{\"ts\":1763892000}");
        CloudEvent ce = single("sluice.events");
        assertThat(ce.getType()).isEqualTo(CloudEventHeaders.UNTYPED);
        assertThat(ce.getTime()).isEqualTo(OffsetDateTime.parse("2025-11-23T10:00:00Z"));
    }

    @Test
    void deadLetterRecordIsACloudEventCarryingTheRawBody() {
        send(headers("stripe", "evt_1", "charge.succeeded"), "stripe:evt_1", "not json");
        CloudEvent ce = single("sluice.dlq");
        assertThat(ce.getId()).isEqualTo("evt_1");
        assertThat(ce.getSource()).isEqualTo(URI.create("sluice/stripe"));
        assertThat(ce.getType()).isEqualTo("charge.succeeded");
        assertThat(ce.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(ce.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("not json");
    }

    @Test
    void deadLetterWithoutIdOrSourceHeadersFallsBackToTheRawPosition() {
        Headers h = headers("hyperspell", "e1", "index-completed");
        h.remove(RawHeaders.SOURCE).remove(RawHeaders.EVENT_ID).remove(RawHeaders.EVENT_TYPE);
        send(h, "hyperspell:e1", HYPERSPELL);
        CloudEvent ce = single("sluice.dlq");
        assertThat(ce.getId()).isEqualTo("raw-0-0");
        assertThat(ce.getSource()).isEqualTo(URI.create("sluice/unknown"));
        assertThat(ce.getType()).isEqualTo(CloudEventHeaders.UNTYPED);
    }

    @Test
    void eachAttributeHeaderAppearsOnce() {
        Headers h = headers("hyperspell", "e1", "index-completed");
        // a raw record that already carries ce_ headers (e.g. sent by a CloudEvents producer) is overridden
        h.add(CloudEventHeaders.ID, bytes("spoofed"));
        send(h, "hyperspell:e1", HYPERSPELL);
        var r = driver.createOutputTopic("hyperspell.index", new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecord();
        for (String name : List.of(CloudEventHeaders.SPECVERSION, CloudEventHeaders.ID, CloudEventHeaders.SOURCE,
                CloudEventHeaders.TYPE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT, "content-type")) {
            assertThat(r.headers().headers(name)).as(name).hasSize(1);
        }
        assertThat(RawHeaders.text(r.headers(), CloudEventHeaders.ID)).isEqualTo("e1");
        assertThat(Instant.parse(RawHeaders.text(r.headers(), CloudEventHeaders.TIME)))
                .isEqualTo(Instant.ofEpochSecond(1763892000L));
    }
}
