package io.sluice.admin;

import io.vertx.ext.web.Router;

/**
 * A group of admin API routes contributed by one area (event lookup, replay, streams, ...). The
 * {@link AdminServer} calls {@link #mount} once on its router; each route protects itself with
 * {@link AdminAuth#require(io.sluice.config.Scope)} and answers errors through {@link AdminErrors}.
 *
 * <pre>{@code
 * router.get("/admin/replay/:job").handler(auth.require(Scope.READ)).handler(this::progress);
 * }</pre>
 *
 * Request bodies are already read (bounded) by the server's body handler: use
 * {@link AdminErrors#jsonBody(io.vertx.ext.web.RoutingContext)} to parse them.
 */
public interface AdminRoutes {
    void mount(Router router, AdminAuth auth);
}
