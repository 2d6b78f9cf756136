package io.sluice.admin;

import io.sluice.testkit.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.SourceConfig;
import io.sluice.ingress.Ingress;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walk-through on a real broker: a delivery sent twice and a tampered one through the
 * ingress, then the admin API shows exactly what happened: the event's timeline (two deliveries, one
 * dropped copy, one output), the rejection (reason, header names, no signature value) and the
 * source's counts.
 */
class OperatorWalkthroughIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path state;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static AdminFixture app;
    static Ingress ingress;
    static SignedDelivery good;
    static SignedDelivery tampered;

    @BeforeAll
    static void start() throws Exception {
        app = AdminFixture.start(KAFKA, state, null);
        ingress = Ingress.start(app.config);
        SourceConfig github = app.config.source("github").orElseThrow();
        good = SignedDelivery.of(github).eventId("delivery-1").eventType("push").body("{\"ref\":\"main\"}").build();
        tampered = SignedDelivery.of(github).eventId("delivery-2").eventType("push").secret("not-the-secret")
                .body("{\"ref\":\"evil\"}").build();
        assertThat(post(good).statusCode()).isEqualTo(200);
        assertThat(post(good).statusCode()).isEqualTo(200);
        assertThat(post(tampered).statusCode()).isEqualTo(401);
    }

    @AfterAll
    static void stop() {
        if (ingress != null) {
            ingress.close();
        }
        if (app != null) {
            app.close();
        }
    }

    static HttpResponse<String> post(SignedDelivery d) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/github"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        d.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("host")) {
                b.header(k, v);
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(String path) throws Exception {
        RawHttp.Reply r = RawHttp.send(app.port(), "GET", path, AdminFixture.READ_TOKEN, null);
        assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void eventTimelineShowsBothDeliveriesTheDroppedCopyAndTheOutput() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode t = get("/admin/events/github/delivery-1");
            assertThat(t.path("deliveries")).hasSize(2);
            assertThat(t.path("outputs")).hasSize(1);
            assertThat(t.path("dedupe").path("copies_dropped").asInt()).isEqualTo(1);
            assertThat(t.path("deliveries").get(0).path("outcome").asText()).isEqualTo("accepted");
            assertThat(t.path("deliveries").get(1).path("outcome").asText()).isEqualTo("duplicate");
            assertThat(t.path("outputs").get(0).path("topic").asText()).isEqualTo("gh.push");
            assertThat(t.path("status").asText()).isEqualTo("delivered");
        });
    }

    @Test
    void tamperedDeliveryIsNotAnEvent() throws Exception {
        RawHttp.Reply r = RawHttp.send(app.port(), "GET", "/admin/events/github/delivery-2", AdminFixture.READ_TOKEN, null);
        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void rejectionIsListedWithReasonAndHeaderNamesButNoSignature() {
        String signature = good.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("X-Hub-Signature-256")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        String tamperedSignature = tampered.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("X-Hub-Signature-256")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode list = get("/admin/sources/github/rejections?limit=10");
            assertThat(list.path("rejections")).hasSize(1);
            JsonNode rej = list.path("rejections").get(0);
            assertThat(rej.path("status").asInt()).isEqualTo(401);
            assertThat(rej.path("reason").asText()).isEqualTo("invalid_signature");
            assertThat(rej.path("header_names").toString()).contains("x-hub-signature-256");
            assertThat(rej.path("body_bytes").asLong()).isEqualTo(tampered.body().length);
            assertThat(rej.path("remote").asText()).isEqualTo("127.0.0.1");
            assertThat(list.toString()).doesNotContain(tamperedSignature).doesNotContain(signature);
        });
    }

    @Test
    void sourceCountsAcceptedDuplicatesAndRejectedByReason() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode sources = get("/admin/sources").path("sources");
            JsonNode gh = null;
            for (JsonNode s : sources) {
                if (s.path("name").asText().equals("github")) {
                    gh = s;
                }
            }
            assertThat(gh).isNotNull();
            assertThat(gh.path("scheme").asText()).isEqualTo("github");
            assertThat(gh.path("paths").get(0).asText()).isEqualTo("/webhooks/github");
            for (String w : new String[]{"last_1h", "last_24h"}) {
                assertThat(gh.path(w).path("accepted").asLong()).as(w).isEqualTo(2);
                assertThat(gh.path(w).path("duplicates").asLong()).as(w).isEqualTo(1);
                assertThat(gh.path(w).path("rejected").path("invalid_signature").asLong()).as(w).isEqualTo(1);
            }
            assertThat(gh.path("per_minute")).hasSize(60);
            long acceptedInSeries = 0;
            long rejectedInSeries = 0;
            for (JsonNode m : gh.path("per_minute")) {
                acceptedInSeries += m.path("accepted").asLong();
                rejectedInSeries += m.path("rejected").asLong();
            }
            assertThat(acceptedInSeries).isEqualTo(2);
            assertThat(rejectedInSeries).isEqualTo(1);
        });
    }

    @Test
    void unknownSourceRejectionsAre404() throws Exception {
        RawHttp.Reply r = RawHttp.send(app.port(), "GET", "/admin/sources/nope/rejections", AdminFixture.READ_TOKEN, null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("unknown_source");
    }
}
