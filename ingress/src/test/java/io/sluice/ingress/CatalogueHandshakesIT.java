package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue's verification handshakes through the real ingress and a real broker: Dropbox's
 * {@code GET ?challenge=} and Okta's one-time verification {@code GET} (answered before verification,
 * as those providers do not sign them) and Twitch's signed {@code webhook_callback_verification}
 * (answered only once it verifies). Each is answered as the provider documents, counted, and never
 * written to Kafka: a signed event sent afterwards is the positive barrier (2xx only after Kafka's ack).
 */
class CatalogueHandshakesIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String OKTA_SECRET = "Basic b2t0YTpzbHVpY2UtaXQ=";
    private static SluiceConfig config;
    private static Ingress ingress;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void start() {
        KAFKA.createTopics(TestConfigs.RAW);
        String yaml = """
                kafka:
                  bootstrap-servers: "%s"
                topics:
                  raw: %s
                ingress:
                  host: 127.0.0.1
                  port: 0
                  kafka-timeout: 10s
                sources:
                  - name: dropbox
                    scheme: dropbox
                    secrets: ["dropbox-app-secret"]
                  - name: okta
                    scheme: okta
                    secrets: ["%s"]
                  - name: twitch
                    scheme: twitch
                    secrets: ["twitch-eventsub-secret"]
                """.formatted(KAFKA.bootstrapServers(), TestConfigs.RAW, OKTA_SECRET);
        config = new ConfigLoader(Map.of()).parse(yaml);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ingress = Ingress.start(config, Clock.systemUTC(), registry);
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        registry.close();
    }

    private static String url(String source) {
        return "http://127.0.0.1:" + ingress.port() + "/webhooks/" + source;
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A delivery signed by the source's own signer, plus {@code extra} headers. */
    private static HttpResponse<String> post(String source, String body, Map<String, String> extra) throws Exception {
        Map<String, String> signed = Schemes.signer(config.source(source).orElseThrow(), Clock.systemUTC())
                .sign(new SignRequest(body.getBytes(StandardCharsets.UTF_8), Instant.now(), null, url(source)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(source)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        signed.forEach(b::header);
        extra.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> rawBodies() {
        return KAFKA.readToEnd(TestConfigs.RAW).stream()
                .map(ConsumerRecord::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    private static double handshakes(String source, String outcome) {
        var c = registry.find("sluice.ingress.handshakes").tag("source", source).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void dropboxChallengeGetIsEchoedAsPlainTextAndCounted() throws Exception {
        String challenge = "dbx-" + UUID.randomUUID();
        double before = handshakes("dropbox", "handshake");
        HttpResponse<String> res = get(url("dropbox") + "?challenge=" + URLEncoder.encode(challenge, StandardCharsets.UTF_8),
                Map.of());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(challenge);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(handshakes("dropbox", "handshake")).isEqualTo(before + 1);

        String event = "{\"list_folder\":{\"accounts\":[\"dbid:" + UUID.randomUUID() + "\"]},\"delta\":{\"users\":[1]}}";
        assertThat(post("dropbox", event, Map.of()).statusCode()).isEqualTo(200);
        List<String> bodies = rawBodies();
        assertThat(bodies).contains(event);
        assertThat(bodies).noneMatch(b -> b.contains(challenge));
    }

    @Test
    void dropboxGetWithoutAChallengeIsRefusedWithAJsonError() throws Exception {
        HttpResponse<String> res = get(url("dropbox"), Map.of());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).startsWith("{\"error\":\"bad_request\"");
    }

    @Test
    void oktaOneTimeVerificationGetIsAnsweredWithTheVerificationObject() throws Exception {
        String challenge = "okta-" + UUID.randomUUID();
        double before = handshakes("okta", "handshake");
        HttpResponse<String> res = get(url("okta"), Map.of("X-Okta-Verification-Challenge", challenge,
                "Authorization", OKTA_SECRET));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"verification\":\"" + challenge + "\"}");
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(handshakes("okta", "handshake")).isEqualTo(before + 1);

        String event = "{\"eventType\":\"com.okta.event_hook\",\"eventId\":\"" + UUID.randomUUID()
                + "\",\"data\":{\"events\":[{\"eventType\":\"user.session.start\"}]}}";
        assertThat(post("okta", event, Map.of()).statusCode()).isEqualTo(200);
        List<String> bodies = rawBodies();
        assertThat(bodies).contains(event);
        assertThat(bodies).noneMatch(b -> b.contains(challenge));
    }

    @Test
    void twitchCallbackVerificationIsAnsweredOnlyWhenSigned() throws Exception {
        String challenge = "pogchamp-" + UUID.randomUUID();
        String body = "{\"challenge\":\"" + challenge + "\",\"subscription\":{\"id\":\"" + UUID.randomUUID()
                + "\",\"status\":\"webhook_callback_verification_pending\",\"type\":\"channel.follow\",\"version\":\"2\"}}";
        Map<String, String> verification = Map.of("Twitch-Eventsub-Message-Type", "webhook_callback_verification");
        double before = handshakes("twitch", "handshake");
        HttpResponse<String> res = post("twitch", body, verification);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(challenge);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(handshakes("twitch", "handshake")).isEqualTo(before + 1);

        // the same challenge with a signature made with another secret: refused like any delivery, not answered
        HttpRequest forged = HttpRequest.newBuilder(URI.create(url("twitch"))).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Twitch-Eventsub-Message-Type", "webhook_callback_verification")
                .header("Twitch-Eventsub-Message-Id", UUID.randomUUID().toString())
                .header("Twitch-Eventsub-Message-Timestamp", Instant.now().toString())
                .header("Twitch-Eventsub-Message-Signature", "sha256=" + "ab".repeat(32)).build();
        HttpResponse<String> refused = HTTP.send(forged, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo("{\"error\":\"invalid_signature\"}");

        String event = "{\"subscription\":{\"type\":\"channel.follow\"},\"event\":{\"user_id\":\"" + UUID.randomUUID() + "\"}}";
        assertThat(post("twitch", event, Map.of("Twitch-Eventsub-Message-Type", "notification")).statusCode()).isEqualTo(200);
        List<String> bodies = rawBodies();
        assertThat(bodies).contains(event);
        assertThat(bodies).noneMatch(b -> b.contains(challenge));
    }
}
