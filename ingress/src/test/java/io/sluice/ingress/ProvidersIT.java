package io.sluice.ingress;

import io.sluice.config.SourceConfig;
import io.sluice.scheme.Providers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.testkit.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
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
 * Providers of the newer families through the real ingress and a real broker: a public-key provider
 * (Discord, Ed25519) and its signed PING handshake (answered, never written to Kafka, counted), a GET
 * to a provider without a GET handshake (405), and a URL-signed provider (Twilio) verified against
 * its {@code public-url} while the ingress itself is called on another URL.
 */
class ProvidersIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PUBLIC_URL = "https://hooks.sluice.example/twilio/sms";
    private static HandshakeIngress ingress;

    @BeforeAll
    static void start() {
        ingress = HandshakeIngress.start(KAFKA, """
                  - name: discord
                    scheme: discord
                    secrets: ["%s"]
                  - name: twilio
                    scheme: twilio
                    secrets: ["twilio-auth-token"]
                    public-url: "%s"
                """.formatted(Providers.get("discord").example().secrets().get(0), PUBLIC_URL));
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
    }

    private static HttpResponse<String> post(String source, String body, String contentType, String signingUrl)
            throws Exception {
        return ingress.post(source, body, contentType, signingUrl,
                source.equals("discord") ? Providers.get("discord").example().signingKey() : null, Map.of());
    }

    private static List<String> rawBodies() {
        return ingress.rawBodies();
    }

    private static double handshakes(String source) {
        return ingress.handshakes(source, "handshake");
    }

    @Test
    void signedDiscordPingIsAnsweredCountedAndNeverWritten() throws Exception {
        String ping = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":1,\"token\":\"t\",\"version\":1}";
        double before = handshakes("discord");
        HttpResponse<String> res = post("discord", ping, "application/json", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"type\":1}");
        assertThat(handshakes("discord")).isEqualTo(before + 1);

        // positive barrier: an event answered 200 after the ping is in Kafka (2xx only after the ack), so a
        // ping written to Kafka would be there too
        String event = "{\"version\":1,\"type\":1,\"event\":{\"type\":\"APPLICATION_AUTHORIZED\",\"marker\":\""
                + UUID.randomUUID() + "\"}}";
        assertThat(post("discord", event, "application/json", null).statusCode()).isEqualTo(200);
        List<String> bodies = rawBodies();
        assertThat(bodies).contains(event);
        assertThat(bodies).doesNotContain(ping);
    }

    @Test
    void discordPingSignedWithAnotherKeyIsRefusedNotAnswered() throws Exception {
        String ping = "{\"id\":\"x\",\"type\":1,\"token\":\"t\",\"version\":1}";
        String url = ingress.url("discord");
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(ping))
                .header("Content-Type", "application/json")
                .header("X-Signature-Ed25519", "ab".repeat(64))
                .header("X-Signature-Timestamp", Long.toString(Instant.now().getEpochSecond())).build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(res.body()).isEqualTo("{\"error\":\"invalid_signature\"}");
    }

    @Test
    void getToAProviderWithoutAGetHandshakeIs405() throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(
                URI.create(ingress.url("discord") + "?challenge=abc")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(405);
        assertThat(res.body()).doesNotContain("abc");
    }

    @Test
    void twilioDeliverySignedForItsPublicUrlIsAcceptedBehindAnotherUrl() throws Exception {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        String form = "MessageSid=" + sid + "&SmsStatus=received&From=%2B14155550100&To=%2B14155550199&Body=Hello";
        HttpResponse<String> res = post("twilio", form, "application/x-www-form-urlencoded", PUBLIC_URL);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(rawBodies()).contains(form);

        // signed for the URL the ingress itself sees instead: not what Twilio signs, refused
        String local = ingress.url("twilio");
        SourceConfig s = ingress.config().source("twilio").orElseThrow();
        SourceConfig withoutPublicUrl = new SourceConfig(s.name(), s.scheme(), s.path(), s.secrets(), s.tolerance(), s.hmac(),
                s.timestamp(), s.eventId(), s.eventType(), s.maxBodyBytes(), null, null);
        Map<String, String> signed = Schemes.signer(withoutPublicUrl, Clock.systemUTC())
                .sign(new SignRequest(form.getBytes(StandardCharsets.UTF_8), Instant.now(), null, local));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(local)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded");
        signed.forEach(b::header);
        HttpResponse<String> wrong = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"invalid_signature\"}");
    }
}
