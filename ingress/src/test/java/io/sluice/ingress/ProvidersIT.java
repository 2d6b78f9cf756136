package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Providers;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
                  - name: discord
                    scheme: discord
                    secrets: ["%s"]
                  - name: twilio
                    scheme: twilio
                    secrets: ["twilio-auth-token"]
                    public-url: "%s"
                """.formatted(KAFKA.bootstrapServers(), TestConfigs.RAW,
                Providers.get("discord").example().secrets().get(0), PUBLIC_URL);
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

    private static HttpResponse<String> post(String source, String body, String contentType, String signingUrl)
            throws Exception {
        String url = "http://127.0.0.1:" + ingress.port() + "/webhooks/" + source;
        Map<String, String> signed = Schemes.signer(config.source(source).orElseThrow(), Clock.systemUTC())
                .sign(new SignRequest(body.getBytes(StandardCharsets.UTF_8), Instant.now(), null, signingUrl, null,
                        source.equals("discord") ? Providers.get("discord").example().signingKey() : null));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        signed.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> rawBodies() {
        return KAFKA.readToEnd(TestConfigs.RAW).stream()
                .map(ConsumerRecord::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }

    private static double handshakes(String source) {
        var c = registry.find("sluice.ingress.handshakes").tag("source", source).counter();
        return c == null ? 0 : c.count();
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
        String url = "http://127.0.0.1:" + ingress.port() + "/webhooks/discord";
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
                URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/discord?challenge=abc")).GET().build(),
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
        String local = "http://127.0.0.1:" + ingress.port() + "/webhooks/twilio";
        SourceConfig s = config.source("twilio").orElseThrow();
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
