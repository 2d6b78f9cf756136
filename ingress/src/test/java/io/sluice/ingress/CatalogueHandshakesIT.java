package io.sluice.ingress;

import io.sluice.testkit.KafkaBroker;
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
    private static HandshakeIngress ingress;

    @BeforeAll
    static void start() {
        ingress = HandshakeIngress.start(KAFKA, """
                  - name: dropbox
                    scheme: dropbox
                    secrets: ["dropbox-app-secret"]
                  - name: okta
                    scheme: okta
                    secrets: ["%s"]
                  - name: twitch
                    scheme: twitch
                    secrets: ["twitch-eventsub-secret"]
                """.formatted(OKTA_SECRET));
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
    }

    private static String url(String source) {
        return ingress.url(source);
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A delivery signed by the source's own signer, plus {@code extra} headers. */
    private static HttpResponse<String> post(String source, String body, Map<String, String> extra) throws Exception {
        return ingress.post(source, body, "application/json", url(source), null, extra);
    }

    @Test
    void dropboxChallengeGetIsEchoedAsPlainTextAndCounted() throws Exception {
        String challenge = "dbx-" + UUID.randomUUID();
        double before = ingress.handshakes("dropbox", "handshake");
        HttpResponse<String> res = get(url("dropbox") + "?challenge=" + URLEncoder.encode(challenge, StandardCharsets.UTF_8),
                Map.of());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(challenge);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(ingress.handshakes("dropbox", "handshake")).isEqualTo(before + 1);

        String event = "{\"list_folder\":{\"accounts\":[\"dbid:" + UUID.randomUUID() + "\"]},\"delta\":{\"users\":[1]}}";
        assertThat(post("dropbox", event, Map.of()).statusCode()).isEqualTo(200);
        List<String> bodies = ingress.rawBodies();
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
        double before = ingress.handshakes("okta", "handshake");
        HttpResponse<String> res = get(url("okta"), Map.of("X-Okta-Verification-Challenge", challenge,
                "Authorization", OKTA_SECRET));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"verification\":\"" + challenge + "\"}");
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(ingress.handshakes("okta", "handshake")).isEqualTo(before + 1);

        String event = "{\"eventType\":\"com.okta.event_hook\",\"eventId\":\"" + UUID.randomUUID()
                + "\",\"data\":{\"events\":[{\"eventType\":\"user.session.start\"}]}}";
        assertThat(post("okta", event, Map.of()).statusCode()).isEqualTo(200);
        List<String> bodies = ingress.rawBodies();
        assertThat(bodies).contains(event);
        assertThat(bodies).noneMatch(b -> b.contains(challenge));
    }

    @Test
    void twitchCallbackVerificationIsAnsweredOnlyWhenSigned() throws Exception {
        String challenge = "pogchamp-" + UUID.randomUUID();
        String body = "{\"challenge\":\"" + challenge + "\",\"subscription\":{\"id\":\"" + UUID.randomUUID()
                + "\",\"status\":\"webhook_callback_verification_pending\",\"type\":\"channel.follow\",\"version\":\"2\"}}";
        Map<String, String> verification = Map.of("Twitch-Eventsub-Message-Type", "webhook_callback_verification");
        double before = ingress.handshakes("twitch", "handshake");
        HttpResponse<String> res = post("twitch", body, verification);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(challenge);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(ingress.handshakes("twitch", "handshake")).isEqualTo(before + 1);

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
        List<String> bodies = ingress.rawBodies();
        assertThat(bodies).contains(event);
        assertThat(bodies).noneMatch(b -> b.contains(challenge));
    }
}
