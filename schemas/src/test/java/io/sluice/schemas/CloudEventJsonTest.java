package io.sluice.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventJsonTest {
    static final String PAYLOAD = "{\"event\": \"index-completed\", \"n\": 1.50, \"list\": [1, 2]}";
    final ObjectMapper json = new ObjectMapper();

    static WebhookEvent event(String contentType, byte[] data) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("app", "acme");
        attributes.put("user_id", "u1");
        attributes.put("source", "notion");
        return WebhookEvent.newBuilder(WebhookEventSerdeTest.sample(data))
                .setContentType(contentType).setAttributes(attributes).build();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] data(WebhookEvent e) {
        ByteBuffer b = e.getData().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void jsonPayloadIsEmbeddedAsJsonWithItsTextAsReceived() throws Exception {
        byte[] out = CloudEventJson.encode(event("application/json", utf8(PAYLOAD)));
        JsonNode n = json.readTree(out);
        assertThat(n.get("data").isObject()).isTrue();
        assertThat(n.get("data").get("list").get(1).asInt()).isEqualTo(2);
        assertThat(new String(out, StandardCharsets.UTF_8)).contains("\"data\":" + PAYLOAD);
        assertThat(n.has("data_base64")).isFalse();
    }

    @Test
    void contextAttributesFollowTheSpec() throws Exception {
        JsonNode n = json.readTree(CloudEventJson.encode(event("application/json", utf8(PAYLOAD))));
        assertThat(n.get("specversion").asText()).isEqualTo("1.0");
        assertThat(n.get("id").asText()).isEqualTo("evt_1");
        assertThat(n.get("source").asText()).isEqualTo("sluice/hyperspell");
        assertThat(n.get("type").asText()).isEqualTo("index-completed");
        assertThat(n.get("subject").asText()).isEqualTo("res-9");
        assertThat(n.get("time").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(n.get("datacontenttype").asText()).isEqualTo("application/json");
    }

    @Test
    void sluiceFieldsAndAttributesAreLowerCaseAlphanumericExtensions() throws Exception {
        JsonNode n = json.readTree(CloudEventJson.encode(event("application/json", utf8(PAYLOAD))));
        assertThat(n.get("receivedat").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(n.get("deliveryattempt").asInt()).isEqualTo(2);
        assertThat(n.get("app").asText()).isEqualTo("acme");
        assertThat(n.get("userid").asText()).isEqualTo("u1");
        // "source" would clash with the context attribute
        assertThat(n.get("attrsource").asText()).isEqualTo("notion");
        n.fieldNames().forEachRemaining(f -> {
            if (!f.equals("data") && !f.equals("data_base64")) {
                assertThat(f).matches("[a-z0-9]+");
            }
        });
    }

    @Test
    void extensionNamesAreDeterministicAndUnique() {
        assertThat(CloudEventJson.extensionNames(List.of("user_id", "userid", "UserID", "", "id", "a-b")))
                .containsExactly(Map.entry("user_id", "userid"), Map.entry("userid", "attruserid"),
                        Map.entry("UserID", "attruserid2"), Map.entry("", "attr"), Map.entry("id", "attrid"),
                        Map.entry("a-b", "ab"));
    }

    @Test
    void nonJsonPayloadGoesToDataBase64ByteExact() throws Exception {
        byte[] form = utf8("payload=%7B%7D&x=1");
        byte[] out = CloudEventJson.encode(event("application/x-www-form-urlencoded", form));
        JsonNode n = json.readTree(out);
        assertThat(n.has("data")).isFalse();
        assertThat(n.get("data_base64").binaryValue()).isEqualTo(form);
        assertThat(data(CloudEventJson.decode(out))).isEqualTo(form);
    }

    @Test
    void invalidJsonUnderAJsonContentTypeGoesToDataBase64() throws Exception {
        byte[] bad = {'{', (byte) 0xFF, '}'};
        JsonNode n = json.readTree(CloudEventJson.encode(event("application/json", bad)));
        assertThat(n.get("data_base64").binaryValue()).isEqualTo(bad);
    }

    @Test
    void roundTripGivesTheSameEvent() {
        WebhookEvent in = event("application/json; charset=utf-8", utf8(PAYLOAD));
        assertThat(CloudEventJson.decode(CloudEventJson.encode(in))).isEqualTo(in);
    }

    @Test
    void roundTripOfAnEventWithoutOptionalFields() {
        WebhookEvent in = WebhookEvent.newBuilder(event("text/plain", utf8("hi")))
                .setSubject(null).setTime(null).setDeliveryAttempt(null).setType("").setAttributes(Map.of()).build();
        assertThat(CloudEventJson.decode(CloudEventJson.encode(in))).isEqualTo(in);
    }

    @Test
    void surroundingWhitespaceOfAJsonPayloadIsTheOnlyDifference() {
        WebhookEvent in = event("application/json", utf8("  " + PAYLOAD + "\n"));
        assertThat(data(CloudEventJson.decode(CloudEventJson.encode(in)))).isEqualTo(utf8(PAYLOAD));
    }

    @Test
    void officialSdkReadsTheEncodedEvent() {
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        assertThat(format).isNotNull();
        CloudEvent ce = format.deserialize(CloudEventJson.encode(event("application/json", utf8(PAYLOAD))));
        assertThat(ce.getId()).isEqualTo("evt_1");
        assertThat(ce.getSource().toString()).isEqualTo("sluice/hyperspell");
        assertThat(ce.getTime()).isEqualTo(OffsetDateTime.parse("2023-11-14T22:13:20Z"));
        assertThat(ce.getExtension("userid")).isEqualTo("u1");
        assertThat(ce.getExtension("deliveryattempt")).isEqualTo(2);
        assertThat(ce.getData()).isNotNull();
    }

    @Test
    void eventsFromOtherProducersDecodeWithExtensionsAsAttributes() {
        String foreign = """
                {"specversion":"1.0","id":"x","source":"https://example.com","type":"t","region":"eu",
                 "datacontenttype":"text/plain","data":"hello"}""";
        WebhookEvent e = CloudEventJson.decode(utf8(foreign));
        assertThat(e.getSource()).isEqualTo("https://example.com");
        assertThat(e.getAttributes()).containsExactly(Map.entry("region", "eu"));
        assertThat(data(e)).isEqualTo(utf8("hello"));
    }

    @Test
    void notACloudEventIsRejected() {
        assertThatThrownBy(() -> CloudEventJson.decode(utf8("{\"id\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("specversion");
        assertThatThrownBy(() -> CloudEventJson.decode(utf8("[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudEventJson.decode(utf8("{\"specversion\":\"1.0\",\"id\":\"x\"")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
