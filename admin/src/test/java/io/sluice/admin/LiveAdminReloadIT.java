package io.sluice.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.ConfigLoader;
import io.sluice.config.LiveConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.Processor;
import io.sluice.processor.RawHeaders;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.RawHttp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live reloads of the admin API's process, as {@code up}/{@code processor} wire it (config file,
 * {@link LiveConfig}, processor, admin API) on a real broker: a route added by a reload is indexed
 * and streamable without a restart, and admin tokens changed in the file apply at the reload.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveAdminReloadIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path dir;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPS = "ops-token-live-0123456789abcdef";
    static final String READER = "reader-token-live-0123456789ab";
    static final String OPS_NEW = "ops-token-rotated-fedcba987654";
    static final String AUDITOR = "auditor-token-live-13579bdf02";
    static final String ISSUES = "gh.issues.live";

    static Path file;
    static Processor processor;
    static LiveConfig live;
    static AdminApi admin;

    static String yaml(String tokens, String routes) {
        return """
                kafka: {bootstrap-servers: "%s"}
                ingress: {host: 127.0.0.1, port: 0}
                processor: {port: 0, state-dir: "%s", dedupe-window: 1h, commit-interval: 100ms}
                admin:
                  host: 127.0.0.1
                  port: 0
                  tokens:
                %s
                routes:
                  - {topic: gh.push.live, sources: [github], types: ["push"]}
                %s
                sources:
                  - {name: github, scheme: github, secrets: ["gh-secret"]}
                """.formatted(KAFKA.bootstrapServers(), dir.resolve("state").toString().replace("\\", "/"),
                tokens, routes);
    }

    static final String START_TOKENS = """
                    - {name: ops, token: "%s", scopes: [read, replay, admin]}
                    - {name: reader, token: "%s", scopes: [read]}
            """.formatted(OPS, READER);
    static final String NEW_ROUTE = "  - {topic: " + ISSUES + ", sources: [github], types: [\"issues\"]}";

    static void write(String content) throws Exception {
        Path tmp = dir.resolve("next.yaml");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @BeforeAll
    static void start() throws Exception {
        file = dir.resolve("sluice.yaml");
        write(yaml(START_TOKENS, ""));
        SluiceConfig config = new ConfigLoader(Map.of()).read(file);
        processor = Processor.start(config);
        processor.awaitRunning(Duration.ofSeconds(120));
        live = new LiveConfig(file, new ConfigLoader(Map.of()), config, config, Clock.systemUTC());
        live.register(processor);
        admin = AdminApi.startIfEnabled(config, processor, live);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (processor != null) {
            processor.close();
        }
    }

    static RawHttp.Reply call(String method, String path, String token, String body) throws Exception {
        return RawHttp.send(admin.port(), method, path, token, body);
    }

    static JsonNode reload(String token) throws Exception {
        RawHttp.Reply r = call("POST", "/admin/reload", token, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void routeAddedByAReloadIsIndexedAndStreamableWithoutARestart() throws Exception {
        String mint = "{\"topic\":\"" + ISSUES + "\",\"ttl\":\"5m\"}";
        RawHttp.Reply before = call("POST", "/admin/stream-tokens", OPS, mint);
        assertThat(before.status()).as("not a route before the reload").isEqualTo(404);

        write(yaml(START_TOKENS, NEW_ROUTE));
        assertThat(reload(OPS).path("outcome").asText()).isEqualTo("reloaded");

        RawHttp.Reply minted = call("POST", "/admin/stream-tokens", OPS, mint);
        assertThat(minted.status()).as(minted.body()).isEqualTo(200);
        String streamToken = JSON.readTree(minted.body()).path("token").asText();
        CompletableFuture<String> streamed = streamUntil(ISSUES, streamToken, "i-live-1");

        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            RecordHeaders h = new RecordHeaders();
            h.add(RawHeaders.SOURCE, b("github"));
            h.add(RawHeaders.EVENT_ID, b("i-live-1"));
            h.add(RawHeaders.EVENT_TYPE, b("issues"));
            h.add(RawHeaders.RECEIVED_AT, b(String.valueOf(System.currentTimeMillis())));
            h.add(RawHeaders.DELIVERY_ATTEMPT, b("1"));
            h.add(RawHeaders.CONTENT_TYPE, b("application/json"));
            p.send(new ProducerRecord<>("sluice.raw", null, b("github:i-live-1"), b("{\"action\":\"opened\"}"), h)).get();
        }

        // the timeline lists the output on the new route's topic, found among its committed records
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            RawHttp.Reply r = call("GET", "/admin/events/github/i-live-1", READER, null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode t = JSON.readTree(r.body());
            assertThat(t.path("status").asText()).isEqualTo("delivered");
            assertThat(t.path("outputs")).hasSize(1);
            assertThat(t.path("outputs").get(0).path("topic").asText()).isEqualTo(ISSUES);
            assertThat(t.path("outputs").get(0).path("status").asText()).isEqualTo("committed");
            assertThat(t.path("outputs").get(0).path("offset").isNumber()).isTrue();
        });
        // and the stream of the new topic carried the event
        String frame = streamed.get(60, TimeUnit.SECONDS);
        assertThat(JSON.readTree(frame).path("id").asText()).isEqualTo("i-live-1");
    }

    @Test
    @Order(2)
    void adminTokensChangedInTheFileApplyAtTheReload() throws Exception {
        assertThat(call("GET", "/admin/me", READER, null).status()).isEqualTo(200);
        assertThat(call("GET", "/admin/me", AUDITOR, null).status()).isEqualTo(401);

        // reader removed, ops's value rotated, auditor added
        write(yaml("""
                    - {name: ops, token: "%s", scopes: [read, replay, admin]}
                    - {name: auditor, token: "%s", scopes: [read]}
            """.formatted(OPS_NEW, AUDITOR), NEW_ROUTE));
        JsonNode r = reload(OPS);
        assertThat(r.path("outcome").asText()).isEqualTo("reloaded");
        assertThat(r.path("needsRestart")).isEmpty();

        RawHttp.Reply removed = call("GET", "/admin/me", READER, null);
        assertThat(removed.status()).as("a removed token, right after the reload").isEqualTo(401);
        assertThat(JSON.readTree(removed.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(call("GET", "/admin/me", OPS, null).status()).as("the old value of a rotated token").isEqualTo(401);
        RawHttp.Reply rotated = call("GET", "/admin/me", OPS_NEW, null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(JSON.readTree(rotated.body()).path("name").asText()).isEqualTo("ops");
        RawHttp.Reply added = call("GET", "/admin/me", AUDITOR, null);
        assertThat(added.status()).isEqualTo(200);
        assertThat(JSON.readTree(added.body()).path("name").asText()).isEqualTo("auditor");
        assertThat(call("POST", "/admin/reload", AUDITOR, null).status()).as("scopes apply too").isEqualTo(403);
    }

    /** Reads the SSE stream of {@code topic} from its start until an event with id {@code id}; its data. */
    static CompletableFuture<String> streamUntil(String topic, String token, String id) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/streams/" + topic
                        + "?since=earliest"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<InputStream> resp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains("\"" + id + "\"")) {
                        return line.substring(5).trim();
                    }
                }
                throw new IllegalStateException("the stream ended without " + id);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
