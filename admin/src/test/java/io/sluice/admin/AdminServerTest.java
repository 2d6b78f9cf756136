package io.sluice.admin;

import io.sluice.testkit.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.AdminToken;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin server's auth, error answers and static files, with a test route group mounted. */
class AdminServerTest {
    static final String READ_TOKEN = "read-token-0123456789abcdef";
    static final String ADMIN_TOKEN = "admin-token-fedcba9876543210";
    static final ObjectMapper JSON = new ObjectMapper();
    static AdminServer server;
    static int port;

    /** GET /admin/things/:id (read) echoes the id; POST /admin/things (admin) echoes the JSON body's name. */
    static final AdminRoutes THINGS = (router, auth) -> {
        router.get("/admin/things/:id").handler(auth.require(Scope.READ))
                .handler(ctx -> AdminErrors.ok(ctx, Map.of("id", ctx.pathParam("id"), "by", auth.tokenName(ctx))));
        router.post("/admin/things").handler(auth.require(Scope.ADMIN)).handler(ctx -> {
            JsonObject body = AdminErrors.jsonBody(ctx);
            AdminErrors.json(ctx, 201, Map.of("name", body.getString("name", "")));
        });
        router.get("/admin/boom").handler(auth.require(Scope.READ)).handler(ctx -> {
            throw new IllegalStateException("secret-detail-that-must-not-leak");
        });
    };

    @BeforeAll
    static void start() {
        AdminAuth auth = new AdminAuth(List.of(
                new AdminToken("reader", new Secret(READ_TOKEN), Set.of(Scope.READ)),
                new AdminToken("ops", new Secret(ADMIN_TOKEN), Set.of(Scope.READ, Scope.ADMIN))));
        server = AdminServer.start("127.0.0.1", 0, auth, List.of(THINGS));
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(RawHttp.Reply r) throws Exception {
        assertThat(r.header("content-type")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    static void assertError(RawHttp.Reply r, int status, String code) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asText()).isEqualTo(code);
    }

    @Test
    void validReadTokenIsLetThroughAndNamed() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/things/abc", READ_TOKEN, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).path("id").asText()).isEqualTo("abc");
        assertThat(json(r).path("by").asText()).isEqualTo("reader");
    }

    @Test
    void missingTokenIs401() throws Exception {
        assertError(RawHttp.send(port, "GET", "/admin/things/abc", (String) null, null), 401, "unauthorized");
    }

    @Test
    void wrongTokenIs401() throws Exception {
        assertError(RawHttp.send(port, "GET", "/admin/things/abc", READ_TOKEN + "x", null), 401, "unauthorized");
    }

    @Test
    void tokenPrefixIs401() throws Exception {
        assertError(RawHttp.send(port, "GET", "/admin/things/abc", READ_TOKEN.substring(0, 10), null), 401, "unauthorized");
    }

    @Test
    void nonBearerSchemeIs401() throws Exception {
        assertError(RawHttp.send(port, "GET", "/admin/things/abc", Map.of("Authorization", "Basic " + READ_TOKEN), null),
                401, "unauthorized");
    }

    @Test
    void emptyBearerIs401() throws Exception {
        assertError(RawHttp.send(port, "GET", "/admin/things/abc", Map.of("Authorization", "Bearer "), null),
                401, "unauthorized");
    }

    @Test
    void tokenWithoutScopeIs403() throws Exception {
        assertError(RawHttp.send(port, "POST", "/admin/things", READ_TOKEN, "{\"name\":\"x\"}"), 403, "forbidden");
    }

    @Test
    void tokenWithScopeIsLetThrough() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "POST", "/admin/things", ADMIN_TOKEN, "{\"name\":\"x\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(json(r).path("name").asText()).isEqualTo("x");
    }

    @Test
    void badJsonIs400() throws Exception {
        assertError(RawHttp.send(port, "POST", "/admin/things", ADMIN_TOKEN, "{\"name\":"), 400, "bad_json");
    }

    @Test
    void jsonArrayInsteadOfObjectIs400() throws Exception {
        assertError(RawHttp.send(port, "POST", "/admin/things", ADMIN_TOKEN, "[1,2]"), 400, "bad_json");
    }

    @Test
    void emptyBodyIs400() throws Exception {
        assertError(RawHttp.send(port, "POST", "/admin/things", ADMIN_TOKEN, ""), 400, "bad_json");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat((int) AdminServer.MAX_BODY_BYTES + 10) + "\"}";
        assertError(RawHttp.send(port, "POST", "/admin/things", ADMIN_TOKEN, huge), 413, "payload_too_large");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        assertError(RawHttp.send(port, "DELETE", "/admin/things/abc", ADMIN_TOKEN, null), 405, "method_not_allowed");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertError(RawHttp.send(port, "GET", "/admin/nothing-here", ADMIN_TOKEN, null), 404, "not_found");
    }

    @Test
    void handlerBugIs500WithoutDetail() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/boom", READ_TOKEN, null);
        assertError(r, 500, "internal_error");
        assertThat(r.body()).doesNotContain("secret-detail").doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void dotDotIdIsAnsweredAsJson() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/things/..%2F..%2Fetc%2Fpasswd", READ_TOKEN, null);
        assertThat(r.status()).isLessThan(500);
        json(r);
    }

    @Test
    void literalDotDotPathIsAnsweredAsJson() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/things/../../etc/passwd", READ_TOKEN, null);
        assertThat(r.status()).isBetween(400, 499);
        json(r);
    }

    @Test
    void brokenPercentEncodingIs400() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/things/%zz%", READ_TOKEN, null);
        assertThat(r.status()).isBetween(400, 499);
        json(r);
    }

    @Test
    void tenKilobyteIdIsAnsweredAsJson() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/things/" + "a".repeat(10_240), READ_TOKEN, null);
        assertThat(r.status()).isLessThan(500);
        json(r);
    }

    @Test
    void openApiIsServedWithoutToken() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/openapi.json", (String) null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).path("openapi").asText()).startsWith("3.");
    }

    @Test
    void meNamesTheToken() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/admin/me", ADMIN_TOKEN, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).path("name").asText()).isEqualTo("ops");
        assertThat(json(r).path("scopes").toString()).isEqualTo("[\"admin\",\"read\"]");
    }

    @Test
    void consoleIndexIsServed() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/console/", (String) null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/html");
        assertThat(r.body()).contains("Sluice");
    }

    @Test
    void consoleDoesNotServeOutsideItsDirectory() throws Exception {
        RawHttp.Reply r = RawHttp.send(port, "GET", "/console/..%2F..%2Fio/sluice/admin/openapi.json", (String) null, null);
        assertThat(r.body()).doesNotContain("\"openapi\"");
        assertThat(r.status()).isBetween(400, 499);
    }

    @Test
    void noTokenValueIsLogged() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            RawHttp.send(port, "GET", "/admin/things/abc", READ_TOKEN, null);
            RawHttp.send(port, "GET", "/admin/things/abc", READ_TOKEN + "wrong", null);
            RawHttp.send(port, "POST", "/admin/things", READ_TOKEN, "{\"name\":\"x\"}");
            RawHttp.send(port, "GET", "/admin/boom", ADMIN_TOKEN, null);
            RawHttp.send(port, "GET", "/admin/nothing", ADMIN_TOKEN, null);
            assertThat(logs.events()).isNotEmpty(); // the 500 above is logged: capture works
            assertThat(logs.text()).doesNotContain(READ_TOKEN.substring(0, 12)).doesNotContain(ADMIN_TOKEN.substring(0, 12));
        }
    }
}
