package io.sluice.processor;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.sluice.config.ConfigException;
import io.sluice.config.RouteConfig;
import io.sluice.config.RouteFormat;
import io.sluice.config.SluiceConfig;
import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sluice.processor.TopologyTest.HYPERSPELL;
import static io.sluice.processor.TopologyTest.T0;
import static io.sluice.processor.TopologyTest.bytes;
import static io.sluice.processor.TopologyTest.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code format: json} routes: CloudEvents structured mode, next to Avro routes, with dedupe unchanged. */
class JsonRoutesTest {
    static final String JSON_TOPIC = "hyperspell.json";
    @TempDir
    Path stateDir;
    SluiceConfig config;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> raw;
    final CloudEventDeserializer sdk = new CloudEventDeserializer();

    /** The shared test config plus a JSON route for hyperspell and one for github (header-only scheme). */
    static SluiceConfig withJsonRoutes(SluiceConfig base) {
        List<RouteConfig> routes = new ArrayList<>(base.routes());
        routes.add(new RouteConfig(JSON_TOPIC, List.of("hyperspell"), List.of(), RouteFormat.JSON));
        routes.add(new RouteConfig("github.json", List.of("github"), List.of(), RouteFormat.JSON));
        return base.withRoutes(routes);
    }

    @BeforeEach
    void start() {
        config = withJsonRoutes(TestConfigs.config("unused:9092", "json-test", stateDir));
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        driver = new TopologyTestDriver(SluiceTopology.build(config, metrics), StreamsProperties.of(config, metrics), T0);
        raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(), new ByteArraySerializer());
        sdk.configure(Map.of(), false);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    void send(String source, String id, String type, String body, String contentType) {
        var h = headers(source, id, type);
        h.remove(RawHeaders.CONTENT_TYPE).add(RawHeaders.CONTENT_TYPE, bytes(contentType));
        raw.pipeInput(new TestRecord<>(bytes(source + ":" + id), bytes(body), h, T0));
    }

    List<TestRecord<byte[], byte[]>> records(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    @Test
    void jsonRouteRecordIsAStructuredCloudEventToTheSdk() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, "application/json");
        List<TestRecord<byte[], byte[]>> out = records(JSON_TOPIC);
        assertThat(out).hasSize(1);
        assertThat(RawHeaders.text(out.get(0).headers(), "content-type")).isEqualTo(CloudEventJson.CONTENT_TYPE);
        CloudEvent ce = sdk.deserialize(JSON_TOPIC, out.get(0).headers(), out.get(0).value());
        assertThat(ce.getId()).isEqualTo("e1");
        assertThat(ce.getSource().toString()).isEqualTo("sluice/hyperspell");
        assertThat(ce.getType()).isEqualTo("index-completed");
        assertThat(ce.getSubject()).isEqualTo("page-9");
        assertThat(ce.getDataContentType()).isEqualTo("application/json");
        assertThat(ce.getExtension("userid")).isEqualTo("u-1");
        assertThat(ce.getExtension("attrsource")).isEqualTo("notion");
        assertThat(ce.getExtension("receivedat")).isNotNull();
        assertThat(ce.getData()).isInstanceOf(JsonCloudEventData.class);
        assertThat(((JsonCloudEventData) ce.getData()).getNode().get("resource_id").asText()).isEqualTo("page-9");
    }

    @Test
    void jsonRouteKeepsTheRawKey() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, "application/json");
        assertThat(new String(records(JSON_TOPIC).get(0).key(), StandardCharsets.UTF_8)).isEqualTo("hyperspell:e1");
    }

    @Test
    void avroAndJsonRoutesOfOneEventDecodeToTheSameEnvelope() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, "application/json");
        WebhookEvent fromJson = CloudEventJson.decode(records(JSON_TOPIC).get(0).value());
        WebhookEvent fromAvro = TopologyTest.decode(records("hyperspell.index").get(0).value());
        assertThat(fromJson).isEqualTo(fromAvro);
    }

    @Test
    void duplicateIsDroppedFromJsonRoutesToo() {
        send("hyperspell", "e1", "index-completed", HYPERSPELL, "application/json");
        send("hyperspell", "e1", "index-completed", HYPERSPELL, "application/json");
        assertThat(records(JSON_TOPIC)).hasSize(1);
        assertThat(records("hyperspell.index")).hasSize(1);
    }

    @Test
    void nonJsonBodyOnAJsonRouteIsCarriedAsDataBase64() {
        send("github", "d1", "ping", "not json at all", "text/plain");
        var r = records("github.json").get(0);
        CloudEvent ce = sdk.deserialize("github.json", r.headers(), r.value());
        assertThat(ce.getData()).isInstanceOf(BytesCloudEventData.class);
        assertThat(new String(ce.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
    }

    @Test
    void twoRoutesWritingOneTopicInDifferentFormatsIsAConfigError() {
        List<RouteConfig> routes = List.of(new RouteConfig("t", List.of("hume"), List.of()),
                new RouteConfig("t", List.of("hyperspell"), List.of(), RouteFormat.JSON));
        SluiceConfig bad = config.withRoutes(routes);
        assertThatThrownBy(() -> SluiceTopology.build(bad)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("routes[1].format");
    }
}
