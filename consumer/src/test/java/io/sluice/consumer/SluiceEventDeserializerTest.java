package io.sluice.consumer;

import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SluiceEventDeserializerTest {
    /** Every released schema, in the schemas module (the same files ship in the sluice-schemas jar). */
    static final Path RELEASED = Path.of("..", "schemas", "src", "test", "resources", "released");

    final SluiceEventDeserializer deserializer = new SluiceEventDeserializer();

    static WebhookEvent event() {
        return WebhookEvent.newBuilder()
                .setId("e1").setSource("hyperspell").setType("index-completed").setSubject("page-1")
                .setTime(Instant.parse("2026-11-23T10:00:00Z")).setReceivedAt(Instant.parse("2026-11-23T10:00:01.250Z"))
                .setDeliveryAttempt(2).setContentType("application/json")
                .setData(ByteBuffer.wrap("{\"event\":\"index-completed\"}".getBytes(StandardCharsets.UTF_8)))
                .setAttributes(Map.of("app", "acme", "user_id", "u-1")).build();
    }

    static RecordHeaders contentType(String value) {
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", value.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    @Test
    void readsAvroRouteRecords() {
        byte[] value = SingleObjectCodec.encode(event());
        assertThat(deserializer.deserialize("t", contentType("application/avro"), value)).isEqualTo(event());
    }

    @Test
    void readsJsonRouteRecords() {
        byte[] value = CloudEventJson.encode(event());
        assertThat(deserializer.deserialize("t", contentType(CloudEventJson.CONTENT_TYPE), value)).isEqualTo(event());
    }

    @Test
    void withoutHeadersTheFirstBytesTellTheFormat() {
        assertThat(deserializer.deserialize("t", SingleObjectCodec.encode(event()))).isEqualTo(event());
        assertThat(deserializer.deserialize("t", CloudEventJson.encode(event()))).isEqualTo(event());
    }

    @Test
    void readsRecordsWrittenWithEveryReleasedSchema() throws IOException {
        List<Path> released;
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            released = dirs.map(d -> d.resolve("WebhookEvent.avsc")).filter(Files::exists).toList();
        }
        assertThat(released).isNotEmpty();
        for (Path avsc : released) {
            Schema schema = new Schema.Parser().parse(Files.readString(avsc));
            GenericRecord r = new GenericData.Record(schema);
            r.put("id", "old-1");
            r.put("source", "hume");
            r.put("type", "chat_started");
            r.put("received_at", 1_795_428_000_000L);
            r.put("content_type", "application/json");
            r.put("data", ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)));
            r.put("attributes", Map.of("chat_id", "c-1"));
            byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r).array();

            WebhookEvent e = deserializer.deserialize("t", bytes);
            assertThat(e.getId()).as(avsc.toString()).isEqualTo("old-1");
            assertThat(e.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(1_795_428_000_000L));
            assertThat(e.getAttributes()).containsEntry("chat_id", "c-1");
            assertThat(SluiceConsumers.dataText(e)).isEqualTo("{}");
        }
    }

    @Test
    void avroValueUnderAJsonContentTypeIsReadAsAvro() {
        // Kafka Streams copies a JSON route's headers onto the repartition records this serde writes as Avro
        byte[] value = SingleObjectCodec.encode(event());
        assertThat(deserializer.deserialize("t", contentType(CloudEventJson.CONTENT_TYPE), value)).isEqualTo(event());
    }

    @Test
    void nullValueStaysNull() {
        assertThat(deserializer.deserialize("t", new RecordHeaders(), (byte[]) null)).isNull();
    }

    @Test
    void bytesThatAreNeitherFormatFailWithSerializationException() {
        assertThatThrownBy(() -> deserializer.deserialize("t", "hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a Sluice event");
    }

    @Test
    void jsonThatIsNotACloudEventFailsWithSerializationException() {
        assertThatThrownBy(() -> deserializer.deserialize("t", contentType(CloudEventJson.CONTENT_TYPE),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(SerializationException.class);
    }

    @Test
    void avroWithAnUnknownFingerprintFailsWithSerializationException() {
        byte[] value = SingleObjectCodec.encode(event());
        value[5] ^= 0x55;
        assertThatThrownBy(() -> deserializer.deserialize("t", value)).isInstanceOf(SerializationException.class);
    }

    @Test
    void serdeWritesAvroThatItReadsBack() {
        var serde = SluiceConsumers.serde();
        byte[] bytes = serde.serializer().serialize("t", event());
        assertThat(SingleObjectCodec.hasMarker(bytes)).isTrue();
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(event());
    }
}
