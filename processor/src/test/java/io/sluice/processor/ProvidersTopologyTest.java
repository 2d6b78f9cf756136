package io.sluice.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.ValueLocator;
import io.sluice.scheme.EventDetails;
import io.sluice.scheme.Example;
import io.sluice.scheme.Payload;
import io.sluice.scheme.Provider;
import io.sluice.scheme.Providers;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered provider's bodies go through the real topology ({@code TopologyTestDriver}): each
 * verified body of its vectors file ({@code core/src/test/resources/vectors/<scheme>.json}, made by
 * outside implementations) and its sample body must come out on the default topic as a
 * {@code WebhookEvent} with the body byte-exact, the ingress's id and type, and the subject, time and
 * attributes of the provider's rules; none may be dead-lettered. Parameterized over the registry, so a
 * new provider is covered without touching this test.
 */
class ProvidersTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Path VECTORS = Path.of("..", "core", "src", "test", "resources", "vectors");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path stateDir;

    @TestFactory
    Stream<DynamicTest> everyProvidersBodiesAreNormalizedThroughTheTopology() {
        return Providers.ALL.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> check(p)));
    }

    private void check(Provider provider) throws IOException {
        List<Body> bodies = bodies(provider);
        assertThat(bodies).as(provider.name() + ": verified bodies in its vectors file").hasSizeGreaterThan(1);
        SluiceConfig config = config(provider, stateDir.resolve(provider.name()));
        ProcessorMetrics metrics = ProcessorMetrics.inMemory();
        try (TopologyTestDriver driver = new TopologyTestDriver(SluiceTopology.build(config, metrics),
                StreamsProperties.of(config, metrics), T0)) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(config.topics().raw(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> events = driver.createOutputTopic(config.topics().defaultTopic(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(config.topics().deadLetter(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (int i = 0; i < bodies.size(); i++) {
                Body b = bodies.get(i);
                String id = b.id + "#" + i; // distinct keys: equal bodies in two cases are no duplicates here
                RecordHeaders h = new RecordHeaders();
                h.add(RawHeaders.SOURCE, utf8(provider.name()));
                h.add(RawHeaders.EVENT_ID, utf8(id));
                h.add(RawHeaders.EVENT_TYPE, utf8(b.type));
                h.add(RawHeaders.RECEIVED_AT, utf8(Long.toString(T0.toEpochMilli())));
                h.add(RawHeaders.CONTENT_TYPE, utf8(b.contentType));
                raw.pipeInput(new TestRecord<>(utf8(provider.name() + ":" + id), b.bytes, h, T0));

                assertThat(dlq.isEmpty()).as(provider.name() + " " + b.what + ": not dead-lettered").isTrue();
                List<byte[]> out = events.readValuesToList();
                assertThat(out).as(provider.name() + " " + b.what).hasSize(1);
                WebhookEvent e = TopologyTest.decode(out.get(0));
                EventDetails expected = provider.details(new Payload(b.bytes, b.contentType),
                        config.source(provider.name()).orElseThrow());
                assertThat(e.getId()).isEqualTo(id);
                assertThat(e.getSource()).isEqualTo(provider.name());
                assertThat(e.getType()).isEqualTo(b.type);
                assertThat(bytes(e.getData())).as(provider.name() + " " + b.what + ": data byte-exact").isEqualTo(b.bytes);
                assertThat(e.getSubject()).isEqualTo(expected.subject());
                assertThat(e.getTime()).isEqualTo(expected.time() == null ? null : Instant.ofEpochMilli(expected.time().toEpochMilli()));
                assertThat(e.getAttributes()).isEqualTo(expected.attributes());
            }
        }
    }

    private record Body(String what, byte[] bytes, String id, String type, String contentType) {
    }

    /** The verified bodies of the provider's vectors file, then its sample body. */
    private static List<Body> bodies(Provider provider) throws IOException {
        List<Body> out = new ArrayList<>();
        JsonNode cases = MAPPER.readTree(Files.readAllBytes(VECTORS.resolve(provider.name() + ".json")));
        for (JsonNode c : cases) {
            if (!c.path("expected").asText().equals("verified")) {
                continue;
            }
            byte[] body = c.has("body_base64") ? Base64.getDecoder().decode(c.get("body_base64").asText())
                    : utf8(c.path("body").asText());
            out.add(new Body("vector '" + c.path("description").asText() + "'", body,
                    c.has("expected_event_id") ? c.get("expected_event_id").asText() : sha256(body),
                    c.path("expected_event_type").asText(""), contentType(c, body)));
        }
        byte[] sample = utf8(provider.sampleBody(T0));
        out.add(new Body("sample body", sample, sha256(sample), "sample.type", "application/json"));
        return out;
    }

    private static String contentType(JsonNode c, byte[] body) {
        var fields = c.path("headers").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equalsIgnoreCase("content-type")) {
                return f.getValue().isArray() ? f.getValue().get(0).asText() : f.getValue().asText();
            }
        }
        String t = new String(body, StandardCharsets.UTF_8).stripLeading();
        return t.startsWith("{") || t.startsWith("[") || t.isEmpty() ? "application/json" : "application/x-www-form-urlencoded";
    }

    /** One source named after the provider, configured like its example (no routes: the default topic). */
    private static SluiceConfig config(Provider p, Path state) {
        Example ex = p.example();
        StringBuilder src = new StringBuilder("  - name: " + p.name() + "\n    scheme: " + p.name() + "\n    secrets: [");
        for (int i = 0; i < ex.secrets().size(); i++) {
            src.append(i == 0 ? "" : ", ").append('"').append(ex.secrets().get(i)).append('"');
        }
        src.append("]\n");
        if (ex.hmac() != null) {
            src.append("    hmac: {header: \"").append(ex.hmac().header()).append("\", signed: \"")
                    .append(ex.hmac().signed()).append("\"}\n");
        }
        locator(src, "timestamp", ex.timestamp());
        locator(src, "event-id", ex.eventId());
        locator(src, "event-type", ex.eventType());
        String yaml = """
                kafka:
                  bootstrap-servers: "unused:9092"
                processor:
                  port: 0
                  application-id: "providers-topology-test"
                  state-dir: "%s"
                sources:
                %s""".formatted(state.toString().replace("\\", "/"), src);
        return new ConfigLoader(Map.of()).parse(yaml);
    }

    private static void locator(StringBuilder b, String key, ValueLocator l) {
        if (l != null) {
            b.append("    ").append(key).append(": {").append(l.isHeader() ? "header: \"" + l.header() : "json: \"" + l.json())
                    .append("\"}\n");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
