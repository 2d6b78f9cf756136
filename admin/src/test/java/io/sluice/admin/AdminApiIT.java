package io.sluice.admin;

import io.sluice.testkit.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.ConfigReloader;
import io.sluice.config.ReloadResult;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API as {@code up} runs it, on a real broker: the OpenAPI document against the mounted
 * routes, reload and its audit record, and bad input on every mounted route.
 */
class AdminApiIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    static Path state;
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicReference<ReloadResult> NEXT_RELOAD = new AtomicReference<>();
    static AdminFixture app;

    @BeforeAll
    static void start() {
        ConfigReloader reloader = new ConfigReloader() {
            @Override
            public ReloadResult reload() {
                return NEXT_RELOAD.get();
            }

            @Override
            public ReloadResult last() {
                return NEXT_RELOAD.get();
            }
        };
        app = AdminFixture.start(KAFKA, state, reloader);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** Path -> methods of the OpenAPI document. */
    static Map<String, Set<String>> documented() throws Exception {
        RawHttp.Reply r = RawHttp.send(app.port(), "GET", "/admin/openapi.json", (String) null, null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode paths = JSON.readTree(r.body()).path("paths");
        Map<String, Set<String>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Set<String> methods = new TreeSet<>();
            e.getValue().fieldNames().forEachRemaining(m -> {
                if (Set.of("get", "post", "put", "delete", "patch", "head", "options").contains(m)) {
                    methods.add(m);
                }
            });
            out.put(e.getKey(), methods);
        }
        return out;
    }

    @Test
    void openApiDocumentsExactlyTheMountedRoutesAndMethods() throws Exception {
        Map<String, Set<String>> mounted = MountedRoutes.of(app.admin.routes());
        assertThat(mounted).containsKeys("/admin/reload", "/admin/me", "/admin/openapi.json");
        assertThat(documented()).isEqualTo(mounted);
    }

    @Test
    void reloadAnswers200AndIsAudited() throws Exception {
        NEXT_RELOAD.set(new ReloadResult(ReloadResult.Outcome.RELOADED, Instant.now(), "1 source changed", List.of()));
        RawHttp.Reply r = RawHttp.send(app.port(), "POST", "/admin/reload", AdminFixture.OPS_TOKEN, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("reloaded");

        JsonNode audit = auditRecord("reload");
        assertThat(audit.path("token").asText()).isEqualTo("ops");
        assertThat(audit.path("params").path("outcome").asText()).isEqualTo("reloaded");
        assertThat(Instant.parse(audit.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void invalidReloadIs400NamingTheKey() throws Exception {
        NEXT_RELOAD.set(new ReloadResult(ReloadResult.Outcome.INVALID, Instant.now(),
                "sources[0].secrets: is required", List.of()));
        RawHttp.Reply r = RawHttp.send(app.port(), "POST", "/admin/reload", AdminFixture.OPS_TOKEN, "{}");
        assertThat(r.status()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_config");
        assertThat(body.path("detail").asText()).startsWith("sources[0].secrets");
    }

    @Test
    void reloadNeedsTheAdminScope() throws Exception {
        RawHttp.Reply r = RawHttp.send(app.port(), "POST", "/admin/reload", AdminFixture.READ_TOKEN, null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("forbidden");
    }

    /** The audit record of {@code action} (waits for it; fails when it never comes). */
    static JsonNode auditRecord(String action) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> rec : KAFKA.consume(app.config.topics().audit(), 1, Duration.ofSeconds(10))) {
                JsonNode n = JSON.readTree(rec.value());
                if (action.equals(n.path("action").asText())) {
                    return n;
                }
            }
        }
        throw new AssertionError("no audit record with action " + action);
    }

    static final List<String> ODD_IDS = List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..", "%00", "%zz", "a%2Fb",
            "%F0%9F%92%A9", "'%20OR%201=1", "a".repeat(10_240));
    static final Set<String> PUBLIC = Set.of("/admin/openapi.json");

    @Test
    void everyRouteAnswersBadInputWithA4xxJsonErrorAndNoTokenInTheLogs() throws Exception {
        Map<String, Set<String>> mounted = MountedRoutes.of(app.admin.routes());
        try (LogCapture logs = new LogCapture()) {
            for (Map.Entry<String, Set<String>> route : mounted.entrySet()) {
                String path = route.getKey();
                String concrete = path.replaceAll("\\{[^}]+}", "x");
                for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                    boolean allowed = route.getValue().contains(method.toLowerCase());
                    if (!allowed) {
                        expect4xx(method, concrete, AdminFixture.OPS_TOKEN, null, 405);
                        continue;
                    }
                    if (!PUBLIC.contains(path)) {
                        expect4xx(method, concrete, null, null, 401);
                        expect4xx(method, concrete, "wrong-" + AdminFixture.OPS_TOKEN, null, 401);
                        expect4xx(method, concrete, AdminFixture.OPS_TOKEN.toUpperCase(), null, 401);
                    }
                    if (method.equals("POST")) {
                        expect4xx(method, concrete, AdminFixture.OPS_TOKEN, "{\"job\": ", 400);
                        expect4xx(method, concrete, AdminFixture.OPS_TOKEN,
                                "{\"x\":\"" + "y".repeat((int) AdminServer.MAX_BODY_BYTES) + "\"}", 413);
                    }
                    if (path.contains("{") && !method.equals("POST")) {
                        for (String odd : ODD_IDS) {
                            expect4xx(method, path.replaceAll("\\{[^}]+}", odd), AdminFixture.OPS_TOKEN, null, -1);
                        }
                    }
                }
            }
            assertThat(logs.text()).doesNotContain(AdminFixture.OPS_TOKEN).doesNotContain(AdminFixture.OPS_TOKEN.substring(4));
        }
    }

    /** Sends and checks a 4xx JSON error ({@code status} exactly, or any 4xx/2xx-free answer below 500 when -1). */
    static void expect4xx(String method, String target, String token, String body, int status) throws Exception {
        RawHttp.Reply r = RawHttp.send(app.port(), method, target, token, body);
        String what = method + " " + (target.length() > 80 ? target.substring(0, 80) + "…" : target);
        if (status > 0) {
            assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(status);
        } else {
            assertThat(r.status()).as(what + " -> " + r.body()).isBetween(400, 499);
        }
        assertThat(r.header("content-type")).as(what).startsWith("application/json");
        assertThat(JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8)).path("error").asText()).as(what).isNotEmpty();
    }
}
