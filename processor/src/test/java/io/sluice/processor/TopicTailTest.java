package io.sluice.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTailTest {
    static JsonNode line(byte[] key, byte[] value, RecordHeaders headers) throws Exception {
        var r = new ConsumerRecord<>("t", 1, 42L, 1000L, TimestampType.CREATE_TIME, 0, 0, key, value, headers,
                Optional.empty());
        return new ObjectMapper().readTree(TopicTail.line(r));
    }

    static WebhookEvent event(byte[] data) {
        return WebhookEvent.newBuilder().setId("1").setSource("s").setType("t").setReceivedAt(Instant.EPOCH)
                .setContentType("application/json").setData(ByteBuffer.wrap(data))
                .setAttributes(Map.of("app", "acme")).build();
    }

    @Test
    void avroValueIsDecodedWithTextData() throws Exception {
        JsonNode n = line("k".getBytes(StandardCharsets.UTF_8),
                SingleObjectCodec.encode(event("{\"a\":1}".getBytes(StandardCharsets.UTF_8))), new RecordHeaders());
        assertThat(n.get("partition").asInt()).isEqualTo(1);
        assertThat(n.get("offset").asLong()).isEqualTo(42);
        assertThat(n.get("timestamp").asLong()).isEqualTo(1000);
        assertThat(n.get("value_format").asText()).isEqualTo("avro");
        assertThat(n.get("value").get("data").asText()).isEqualTo("{\"a\":1}");
        assertThat(n.get("value").has("data_encoding")).isFalse();
        assertThat(n.get("value").get("received_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(n.get("value").get("time").isNull()).isTrue();
        assertThat(n.get("value").get("attributes").get("app").asText()).isEqualTo("acme");
    }

    @Test
    void jsonRouteValueIsDecodedAsCloudEvent() throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", CloudEventJson.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        JsonNode n = line("k".getBytes(StandardCharsets.UTF_8),
                CloudEventJson.encode(event("{\"a\":1}".getBytes(StandardCharsets.UTF_8))), h);
        assertThat(n.get("value_format").asText()).isEqualTo("cloudevents-json");
        assertThat(n.get("value").get("data").asText()).isEqualTo("{\"a\":1}");
        assertThat(n.get("value").get("attributes").get("app").asText()).isEqualTo("acme");
    }

    @Test
    void binaryDataInAvroIsBase64() throws Exception {
        byte[] data = {(byte) 0xFF, 0x00, 0x10};
        JsonNode n = line(null, SingleObjectCodec.encode(event(data)), new RecordHeaders());
        assertThat(n.get("value").get("data_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(n.get("value").get("data").asText())).isEqualTo(data);
        assertThat(n.get("key").isNull()).isTrue();
    }

    @Test
    void rawTextValueIsPrintedAsText() throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.DLQ_REASON, "body_not_json".getBytes(StandardCharsets.UTF_8));
        JsonNode n = line("k".getBytes(StandardCharsets.UTF_8), "hello".getBytes(StandardCharsets.UTF_8), h);
        assertThat(n.has("value_format")).isFalse();
        assertThat(n.get("value").asText()).isEqualTo("hello");
        assertThat(n.get("headers").get("sluice.dlq.reason").asText()).isEqualTo("body_not_json");
    }

    @Test
    void binaryValueAndHeaderAreBase64() throws Exception {
        RecordHeaders h = new RecordHeaders();
        h.add("bin", new byte[]{(byte) 0xC3});
        JsonNode n = line("k".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xC3, 0x01, 0x00}, h);
        assertThat(n.get("value_encoding").asText()).isEqualTo("base64");
        assertThat(n.get("value").asText()).isEqualTo("wwEA");
        assertThat(n.get("headers").get("bin").asText()).isEqualTo("base64:ww==");
    }
}
