package io.sluice.admin.console;

import io.sluice.admin.AdminAuth;
import io.sluice.admin.AdminErrors;
import io.sluice.admin.AdminException;
import io.sluice.admin.AdminRoutes;
import io.sluice.admin.AuditLog;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.SignRequest;
import io.sluice.scheme.WebhookSigner;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /admin/sources/{name}/sample-curl} (scope admin), body {@code {"body":"<payload>",
 * "id":"<event id>","type":"<event type>"}} (id and type optional): a {@code curl} command that
 * delivers the payload to the source again, signed now. The console's "copy as curl".
 *
 * <p>Answered only while EVERY secret of the source is a demo value (starts with {@value #DEMO_PREFIX},
 * as in {@code config/sluice.example.yaml}): a signature made with a real secret is a credential
 * for that source, and the console must never hand one out. Otherwise 403
 * {@code {"error":"forbidden","detail":"…demo…"}}. The secret itself never appears in the answer,
 * only the signature headers its scheme computes. Audited as {@code sample-curl}.
 */
public final class SampleCurlRoutes implements AdminRoutes {
    /** Prefix of the example config's fallback secrets. */
    public static final String DEMO_PREFIX = "demo-";

    private final Supplier<SluiceConfig> config;
    private final AuditLog audit;
    private final Clock clock;

    public SampleCurlRoutes(Supplier<SluiceConfig> config, AuditLog audit, Clock clock) {
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /** One answer: the command line and the URL it posts to. */
    record SampleCurl(String curl, String url) {
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.post("/admin/sources/:name/sample-curl").handler(auth.require(Scope.ADMIN))
                .handler(ctx -> handle(ctx, auth));
    }

    private void handle(RoutingContext ctx, AdminAuth auth) {
        JsonObject req = AdminErrors.jsonBody(ctx);
        SluiceConfig cfg = config.get();
        SourceConfig source = cfg.source(ctx.pathParam("name"))
                .orElseThrow(() -> new AdminException(404, "unknown_source", null));
        if (!demoOnly(source)) {
            throw new AdminException(403, "forbidden",
                    "copy-as-curl is offered only for sources whose secrets are demo values (" + DEMO_PREFIX + "...)");
        }
        String body = text(req, "body");
        if (body == null || body.isEmpty()) {
            throw AdminException.badRequest("invalid_request", "body: the payload to send is required");
        }
        SampleCurl answer;
        try {
            answer = sample(cfg, source, body, text(req, "id"), text(req, "type"), clock);
        } catch (IllegalArgumentException e) {
            // public-key providers (Ed25519, ECDSA): only the provider holds the private key
            throw AdminException.badRequest("not_signable", "this source's scheme cannot be signed here: " + e.getMessage());
        }
        audit.record(auth.tokenName(ctx), "sample-curl", Map.of("source", source.name()));
        AdminErrors.ok(ctx, answer);
    }

    /** The signed command for a payload (id and type: for schemes that send them in headers; may be null). */
    static SampleCurl sample(SluiceConfig cfg, SourceConfig source, String body, String id, String type, Clock clock) {
        String url = url(cfg, source);
        WebhookSigner signer = Schemes.signer(source, clock);
        SignRequest request = new SignRequest(body.getBytes(StandardCharsets.UTF_8), clock.instant(), id, url, type);
        Map<String, String> headers = signer.sign(request);
        // Providers that sign inside the body (Mailgun, Adyen) return it with the signature written in.
        return new SampleCurl(curl(url, headers, new String(signer.signedBody(request), StandardCharsets.UTF_8)), url);
    }

    /** True when the source has secrets and every one is a demo value. */
    static boolean demoOnly(SourceConfig source) {
        return !source.secrets().isEmpty()
                && source.secrets().stream().map(Secret::reveal).allMatch(s -> s.startsWith(DEMO_PREFIX));
    }

    private static String text(JsonObject req, String key) {
        Object v = req.getValue(key);
        if (v != null && !(v instanceof String)) {
            throw AdminException.badRequest("invalid_request", key + ": must be a string");
        }
        return (String) v;
    }

    /** The source's URL on the configured ingress port, as {@code bin/sluice up} prints it. */
    static String url(SluiceConfig cfg, SourceConfig source) {
        String scheme = cfg.ingress().tls() != null ? "https" : "http";
        String path = source.path() != null ? source.path() : "/webhooks/" + source.name();
        return scheme + "://localhost:" + cfg.ingress().port() + path;
    }

    /** One shell line per part, every value single-quoted (POSIX), body passed byte-exact. */
    static String curl(String url, Map<String, String> headers, String body) {
        StringBuilder b = new StringBuilder("curl -sS -X POST ").append(shellQuote(url));
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
            b.append(" \\\n  -H ").append(shellQuote("Content-Type: application/json"));
        }
        headers.forEach((name, value) -> b.append(" \\\n  -H ").append(shellQuote(name + ": " + value)));
        return b.append(" \\\n  --data-binary ").append(shellQuote(body)).toString();
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
