package io.sluice.admin;

import io.sluice.config.ConfigReloader;
import io.sluice.config.ReloadResult;
import io.sluice.config.Scope;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /admin/reload} (scope admin): re-reads the config file through the process's
 * {@link ConfigReloader}. 200 {@code {"status":"reloaded"}} (also when nothing changed), 400
 * {@code invalid_config} with the start-up error message (names the key) and the running config
 * kept, 503 {@code unavailable} when a valid file could not be applied. Audited as {@code reload}.
 */
final class ReloadRoutes implements AdminRoutes {
    private final ConfigReloader reloader;
    private final AuditLog audit;

    /** @param reloader null when this process cannot reload (every call answers 503) */
    ReloadRoutes(ConfigReloader reloader, AuditLog audit) {
        this.reloader = reloader;
        this.audit = audit;
    }

    /** The answer to a successful reload. */
    record Reloaded(String status, String outcome, java.util.List<String> needsRestart) {
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.post("/admin/reload").handler(auth.require(Scope.ADMIN)).handler(ctx -> reload(ctx, auth));
    }

    private void reload(RoutingContext ctx, AdminAuth auth) {
        if (ctx.body() != null && ctx.body().length() > 0) {
            AdminErrors.jsonBody(ctx); // no parameters today, but a body must still be JSON
        }
        if (reloader == null) {
            throw new AdminException(503, "unavailable", "live reload is not available in this process");
        }
        String who = auth.tokenName(ctx);
        // reading the file and applying it may block (disk, topic creation): off the event loop
        ctx.vertx().executeBlocking(reloader::reload, false).onComplete(ar -> {
            if (ar.failed()) {
                audit.record(who, "reload", Map.of("outcome", "error"));
                ctx.fail(ar.cause());
                return;
            }
            ReloadResult r = ar.result();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("outcome", r.outcome().id());
            if (!r.needsRestart().isEmpty()) {
                params.put("needs_restart", r.needsRestart());
            }
            audit.record(who, "reload", params);
            switch (r.outcome()) {
                case RELOADED, UNCHANGED -> AdminErrors.ok(ctx, new Reloaded("reloaded", r.outcome().id(), r.needsRestart()));
                case INVALID -> AdminErrors.send(ctx, 400, "invalid_config", r.detail());
                case FAILED -> AdminErrors.send(ctx, 503, "unavailable", r.detail());
            }
        });
    }
}
