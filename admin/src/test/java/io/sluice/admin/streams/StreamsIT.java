package io.sluice.admin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.admin.AdminAuth;
import io.sluice.admin.AdminServer;
import io.sluice.admin.AuditLog;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.EventOutputs;
import io.sluice.processor.Normalization;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /streams/{topic} and POST /admin/stream-tokens on a real broker. */
class StreamsIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPS = "ops-token-streams-0123456789";
    static final int EVENTS = 300;
    static final int MAX_STREAMS = 4;

    static SluiceConfig config;
    static StreamKey key = StreamKey.random();
    static AuditLog audit;
    static StreamsApi api;
    static AdminServer server;
    static final List<String> FILTERED = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        config = new ConfigLoader(Map.of()).parse("""
                kafka: {bootstrap-servers: "%s"}
                admin:
                  tokens: [{name: ops, token: "%s", scopes: [read, admin]}]
                routes:
                  - {topic: orders, sources: [hyperspell, github]}
                  - {topic: orders.json, sources: [hyperspell, github], format: json}
                  - {topic: old, sources: [none]}
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: ["s1"]}
                  - {name: github, scheme: github, secrets: ["s2"]}
                  - {name: none, scheme: github, secrets: ["s3"]}
                """.formatted(KAFKA.bootstrapServers(), OPS));
        KAFKA.createTopics("orders:3", "orders.json:3", "old:1", config.topics().audit());
        EventOutputs outputs = new EventOutputs(config);
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (int i = 0; i < EVENTS; i++) {
                boolean hyperspell = i % 3 != 0;
                String type = hyperspell ? (i % 2 == 0 ? "index-completed" : "index-started") : "push";
                String source = hyperspell ? "hyperspell" : "github";
                String id = "ev-" + i;
                for (var out : outputs(outputs, source, id, type)) {
                    producer.send(new ProducerRecord<>(out.topic(), null, out.key(), out.value(), out.headers())).get();
                }
                if (hyperspell && type.equals("index-completed")) {
                    FILTERED.add(id);
                }
            }
        }
        audit = AuditLog.start(config);
        api = new StreamsApi(config, key, audit, StreamSettings.defaults().withMaxStreams(MAX_STREAMS)
                .withHeartbeat(Duration.ofMillis(500)), Clock.systemUTC());
        server = AdminServer.start("127.0.0.1", 0, new AdminAuth(config.admin().tokens()), List.of(api));
    }

    static List<EventOutputs.OutputRecord> outputs(EventOutputs outputs, String source, String id, String type) {
        String body = source.equals("hyperspell")
                ? "{\"event\":\"" + type + "\",\"app\":\"a\",\"resource_id\":\"r-" + id + "\",\"timestamp\":1795428000}"
                : "{\"ref\":\"refs/heads/main\",\"n\":\"" + id + "\"}";
        RecordHeaders raw = new RecordHeaders();
        raw.add("sluice.source", utf8(source));
        raw.add("sluice.event-id", utf8(id));
        raw.add("sluice.event-type", utf8(type));
        raw.add("sluice.received-at", utf8("1795428001000"));
        raw.add("content-type", utf8("application/json"));
        byte[] key = utf8(source + ":" + id);
        return outputs.routed(key, (Normalization.Normalized) outputs.normalize(key, utf8(body), raw), raw);
    }

    /** Streams close asynchronously after their client leaves: each test starts with none open (the cap is small). */
    @AfterEach
    void allStreamsClosed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> api.openStreams() == 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (api != null) {
            api.close();
        }
        if (audit != null) {
            audit.close();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String mint(String body) throws Exception {
        HttpResponse<String> r = post("/admin/stream-tokens", OPS, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("token").asText();
    }

    static String eventId(SseClient.Frame f) throws Exception {
        return JSON.readTree(f.data()).path("id").asText();
    }

    static String error(SseClient c) throws Exception {
        return JSON.readTree(c.body).path("error").asText();
    }

    // ---- resuming ---------------------------------------------------------------------------------

    @Test
    void clientDisconnectingTenTimesAndResumingWithLastEventIdGetsEveryEventOnceWithoutGap() throws Exception {
        String token = mint("{\"topic\":\"orders\"}");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> received = new ArrayList<>();
        String lastId = null;
        for (int round = 0; round <= 10; round++) {
            try (SseClient c = lastId == null
                    ? SseClient.open(server.port(), "/streams/orders?since=earliest", token, null)
                    : SseClient.open(server.port(), "/streams/orders", token, lastId)) {
                assertThat(c.status).as("seed " + seed + ": " + c.body).isEqualTo(200);
                int take = round < 10 ? 1 + random.nextInt(25) : EVENTS - received.size();
                for (int i = 0; i < take; i++) {
                    SseClient.Frame f = c.nextEvent();
                    assertThat(f).as("seed " + seed + " round " + round).isNotNull();
                    received.add(eventId(f));
                    lastId = f.id();
                }
                if (round == 10) {
                    // nothing after the last event but heartbeats: no duplicate is still on its way
                    SseClient.Frame after = c.next();
                    assertThat(after.data()).isNull();
                    assertThat(after.comments()).contains("heartbeat");
                }
            }
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            expected.add("ev-" + i);
        }
        assertThat(received).as("seed " + seed).hasSize(EVENTS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void sinceCursorResumesLikeLastEventId() throws Exception {
        String token = mint("{\"topic\":\"orders\"}");
        String cursor;
        String first;
        try (SseClient c = SseClient.open(server.port(), "/streams/orders?since=earliest", token, null)) {
            first = eventId(c.nextEvent());
            cursor = c.nextEvent().id();
        }
        try (SseClient a = SseClient.open(server.port(), "/streams/orders?since=" + cursor, token, null);
             SseClient b = SseClient.open(server.port(), "/streams/orders", token, cursor)) {
            String viaSince = eventId(a.nextEvent());
            assertThat(eventId(b.nextEvent())).isEqualTo(viaSince);
            assertThat(viaSince).isNotEqualTo(first);
        }
    }

    @Test
    void sinceLatestShowsOnlyNewEvents() throws Exception {
        String token = mint("{\"topic\":\"orders\"}");
        try (SseClient c = SseClient.open(server.port(), "/streams/orders?since=latest", token, null)) {
            assertThat(c.status).isEqualTo(200);
            SseClient.Frame f = c.next();
            assertThat(f.data()).isNull(); // the opening comment or a heartbeat: no old event
        }
    }

    // ---- filters and formats ----------------------------------------------------------------------

    @Test
    void filteredStreamShowsOnlyMatchingEventsOfAJsonRoute() throws Exception {
        String token = mint("{\"topic\":\"orders.json\",\"sources\":[\"hyperspell\"],\"types\":[\"index-*\"]}");
        List<String> received = new ArrayList<>();
        try (SseClient c = SseClient.open(server.port(), "/streams/orders.json?since=earliest&type=index-completed",
                token, null)) {
            assertThat(c.status).as(c.body).isEqualTo(200);
            while (received.size() < FILTERED.size()) {
                SseClient.Frame f = c.nextEvent();
                JsonNode event = JSON.readTree(f.data());
                assertThat(event.path("source").asText()).isEqualTo("sluice/hyperspell");
                assertThat(event.path("type").asText()).isEqualTo("index-completed");
                assertThat(event.path("specversion").asText()).isEqualTo("1.0");
                received.add(event.path("id").asText());
            }
            SseClient.Frame after = c.next();
            assertThat(after.data()).as("no event beyond the matching ones").isNull();
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(FILTERED);
    }

    // ---- expiry and caps -------------------------------------------------------------------------

    @Test
    void tokenExpiryCutsTheStreamAtItsExpiry() throws Exception {
        HttpResponse<String> minted = post("/admin/stream-tokens", OPS, "{\"topic\":\"orders\",\"ttl\":\"3s\"}");
        JsonNode m = JSON.readTree(minted.body());
        Instant expiresAt = Instant.parse(m.path("expires_at").asText());
        String token = m.path("token").asText();
        try (SseClient c = SseClient.open(server.port(), "/streams/orders?since=latest", token, null)) {
            assertThat(c.status).isEqualTo(200);
            CompletableFuture<List<String>> tail = CompletableFuture.supplyAsync(() -> {
                List<String> comments = new ArrayList<>();
                try {
                    SseClient.Frame f;
                    while ((f = c.next()) != null) {
                        comments.addAll(f.comments());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return comments;
            });
            List<String> comments = tail.get(60, TimeUnit.SECONDS);
            assertThat(Instant.now()).isAfterOrEqualTo(expiresAt.minusMillis(1));
            assertThat(comments).contains("stream token expired");
        }
        try (SseClient again = SseClient.open(server.port(), "/streams/orders", token, null)) {
            assertThat(again.status).isEqualTo(401);
            assertThat(error(again)).isEqualTo("token_expired");
        }
    }

    @Test
    void streamsBeyondTheCapAreRefusedWith503() throws Exception {
        String token = mint("{\"topic\":\"orders\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.openStreams() == 0);
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS; i++) {
                SseClient c = SseClient.open(server.port(), "/streams/orders?since=latest", token, null);
                open.add(c);
                assertThat(c.status).isEqualTo(200);
            }
            try (SseClient refused = SseClient.open(server.port(), "/streams/orders?since=latest", token, null)) {
                assertThat(refused.status).isEqualTo(503);
                assertThat(error(refused)).isEqualTo("unavailable");
            }
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.openStreams() == MAX_STREAMS - 1);
            SseClient again = SseClient.open(server.port(), "/streams/orders?since=latest", token, null);
            open.add(again);
            assertThat(again.status).isEqualTo(200);
        } finally {
            for (SseClient c : open) {
                c.close();
            }
        }
    }

    // ---- bad input -------------------------------------------------------------------------------

    @Test
    void forgedOrMissingTokenIs401() throws Exception {
        String token = mint("{\"topic\":\"orders\"}");
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        for (String t : new String[]{null, forged, OPS}) {
            try (SseClient c = SseClient.open(server.port(), "/streams/orders", t, null)) {
                assertThat(c.status).as(String.valueOf(t == null ? "none" : t.length())).isEqualTo(401);
                assertThat(error(c)).isEqualTo("unauthorized");
            }
        }
    }

    @Test
    void tokenOfAnotherTopicOrSourceIs403() throws Exception {
        String token = mint("{\"topic\":\"orders\",\"sources\":[\"github\"]}");
        try (SseClient c = SseClient.open(server.port(), "/streams/orders.json", token, null)) {
            assertThat(c.status).isEqualTo(403);
        }
        try (SseClient c = SseClient.open(server.port(), "/streams/orders?source=hyperspell", token, null)) {
            assertThat(c.status).isEqualTo(403);
            assertThat(error(c)).isEqualTo("forbidden");
        }
    }

    @Test
    void tokenInTheQueryWorksForEventSource() throws Exception {
        String token = mint("{\"topic\":\"orders\"}");
        try (SseClient c = SseClient.open(server.port(), "/streams/orders?since=earliest&token=" + token, null, null)) {
            assertThat(c.status).isEqualTo(200);
            assertThat(c.nextEvent()).isNotNull();
        }
    }

    @Test
    void malformedOrForeignCursorIs400InvalidCursor() throws Exception {
        String token = mint("{\"topic\":\"orders\"}");
        String foreign = new Cursor(Map.of(0, 1L)).encode(key, "orders.json");
        for (String cursor : new String[]{"garbage", foreign, new Cursor(Map.of(0, 1L)).encode(StreamKey.random(), "orders")}) {
            try (SseClient c = SseClient.open(server.port(), "/streams/orders", token, cursor)) {
                assertThat(c.status).isEqualTo(400);
                assertThat(error(c)).isEqualTo("invalid_cursor");
            }
        }
    }

    @Test
    void cursorOlderThanRetentionResumesFromTheEarliestOffsetAndSaysSo() throws Exception {
        EventOutputs outputs = new EventOutputs(config);
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (int i = 0; i < 5; i++) {
                for (var out : outputs(outputs, "none", "old-" + i, "push")) {
                    producer.send(new ProducerRecord<>(out.topic(), null, out.key(), out.value(), out.headers())).get();
                }
            }
        }
        try (Admin admin = Admin.create(KAFKA.adminProps())) {
            admin.deleteRecords(Map.of(new TopicPartition("old", 0), RecordsToDelete.beforeOffset(3))).all().get();
        }
        String token = mint("{\"topic\":\"old\"}");
        String stale = new Cursor(Map.of(0, 1L)).encode(key, "old");
        try (SseClient c = SseClient.open(server.port(), "/streams/old", token, stale)) {
            assertThat(c.status).isEqualTo(200);
            SseClient.Frame opening = c.next();
            assertThat(String.join("\n", opening.comments())).contains("older than the retention");
            assertThat(eventId(c.nextEvent())).isEqualTo("old-3");
        }
    }

    @Test
    void unknownTopicIs404() throws Exception {
        String token = new StreamToken("nope", List.of(), List.of(), Instant.now().plusSeconds(60), "n").sign(key);
        try (SseClient c = SseClient.open(server.port(), "/streams/nope", token, null)) {
            assertThat(c.status).isEqualTo(404);
            assertThat(error(c)).isEqualTo("unknown_topic");
        }
        HttpResponse<String> r = post("/admin/stream-tokens", OPS, "{\"topic\":\"nope\"}");
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void mintingChecksTtlScopeAndIsAuditedWithoutTheToken() throws Exception {
        assertThat(post("/admin/stream-tokens", OPS, "{\"topic\":\"orders\",\"ttl\":\"25h\"}").statusCode()).isEqualTo(400);
        assertThat(post("/admin/stream-tokens", OPS, "{\"topic\":\"orders\",\"ttl\":\"soon\"}").body()).contains("invalid_ttl");
        assertThat(post("/admin/stream-tokens", OPS, "{\"topic\":\"orders\",\"sources\":[\"ghost\"]}").statusCode()).isEqualTo(400);
        assertThat(post("/admin/stream-tokens", null, "{\"topic\":\"orders\"}").statusCode()).isEqualTo(401);

        HttpResponse<String> r = post("/admin/stream-tokens", OPS, "{\"topic\":\"orders\",\"types\":[\"push\"]}");
        JsonNode m = JSON.readTree(r.body());
        String token = m.path("token").asText();
        Duration ttl = Duration.between(Instant.now(), Instant.parse(m.path("expires_at").asText()));
        assertThat(ttl).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
        boolean found = false;
        for (ConsumerRecord<byte[], byte[]> rec : KAFKA.consume(config.topics().audit(), 100, Duration.ofSeconds(5))) {
            String text = new String(rec.value(), StandardCharsets.UTF_8);
            assertThat(text).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
            JsonNode n = JSON.readTree(text);
            if (n.path("action").asText().equals("stream-token.create")
                    && n.path("params").path("types").toString().contains("push")) {
                found = true;
                assertThat(n.path("token").asText()).isEqualTo("ops");
            }
        }
        assertThat(found).isTrue();
    }

    // ---- bin/sluice stream ---------------------------------------------------------------------------

    @Test
    void streamClientMintsATokenAndPrintsOneJsonLinePerEvent() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        StreamClient.Options o = new StreamClient.Options(URI.create("http://127.0.0.1:" + server.port()), "orders",
                "earliest", List.of("hyperspell"), List.of("index-*"), null, OPS, 7, Duration.ofSeconds(30));
        int rc = new StreamClient().run(o, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertThat(lines).hasSize(7);
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(n.path("source").asText()).isEqualTo("sluice/hyperspell");
            assertThat(n.path("type").asText()).startsWith("index-");
        }
    }

    @Test
    void streamClientWithAForgedTokenExitsWithTheError() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        StreamClient.Options o = new StreamClient.Options(URI.create("http://127.0.0.1:" + server.port()), "orders",
                null, List.of(), List.of(), "st1.forged.token", null, 1, Duration.ofSeconds(10));
        int rc = new StreamClient().run(o, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unauthorized");
    }

    // ---- slow clients --------------------------------------------------------------------------------

    @Test
    void clientThatDoesNotReadIsCutWithARetryHint() throws Exception {
        // ~13 MB of events: more than the loopback socket buffers hold, so the server's queue fills
        byte[] big = new byte[64 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        KAFKA.createTopics("big:1");
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (int i = 0; i < 200; i++) {
                EventOutputs.OutputRecord out = outputs(new EventOutputs(config), "github", "big-" + i, "push").get(0);
                WebhookEventBody.send(producer, "big", out, big);
            }
        }
        SluiceConfig bigConfig = config.withRoutes(List.of(new io.sluice.config.RouteConfig("big", List.of(), List.of())));
        try (StreamsApi slowApi = new StreamsApi(bigConfig, key, audit, StreamSettings.defaults()
                .withSlowClient(Duration.ofMillis(500), 16 * 1024), Clock.systemUTC());
             AdminServer slowServer = AdminServer.start("127.0.0.1", 0, new AdminAuth(config.admin().tokens()),
                     List.of(slowApi))) {
            String token = new StreamToken("big", List.of(), List.of(), Instant.now().plusSeconds(300), "n").sign(key);
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", slowServer.port()));
                socket.getOutputStream().write(("GET /streams/big?since=earliest HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(30)).until(() -> slowApi.openStreams() == 1);
                // the client reads nothing: the server must give up on it rather than buffer without bound
                await().atMost(Duration.ofSeconds(60)).until(() -> slowApi.openStreams() == 0);
                socket.setSoTimeout(30_000);
                java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), StandardCharsets.UTF_8));
                String line;
                boolean retry = false;
                boolean said = false;
                int events = 0;
                while (!(retry && said) && (line = r.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                        events++;
                    }
                    retry |= line.equals("retry: " + EventStream.SLOW_RETRY_MS);
                    said |= line.startsWith(": too slow to keep up");
                }
                assertThat(retry).isTrue();
                assertThat(said).isTrue();
                assertThat(events).as("cut before the end of the topic").isLessThan(200);
            }
        }
    }

    /** Writes an output record with another payload size (the value is re-encoded with a bigger data field). */
    static final class WebhookEventBody {
        static void send(KafkaProducer<byte[], byte[]> producer, String topic, EventOutputs.OutputRecord out, byte[] data)
                throws Exception {
            io.sluice.schemas.WebhookEvent e = io.sluice.schemas.SingleObjectCodec.decode(out.value());
            e.setData(java.nio.ByteBuffer.wrap(data));
            e.setContentType("text/plain");
            producer.send(new ProducerRecord<>(topic, null, out.key(), io.sluice.schemas.SingleObjectCodec.encode(e),
                    out.headers())).get();
        }
    }
}
