package io.sluice.admin;

import io.sluice.config.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin API's HTTP server: a Vert.x Web router on {@code admin.host:admin.port} with
 * <ul>
 *   <li>a bounded body handler (bodies over {@link #MAX_BODY_BYTES} get 413);</li>
 *   <li>every {@link AdminRoutes} mounted (each route requires its scope through {@link AdminAuth});</li>
 *   <li>{@code GET /admin/openapi.json} (the API's OpenAPI 3 document, no token needed);</li>
 *   <li>the console's static files ({@code console/} on the classpath) at {@code /console/};</li>
 *   <li>JSON errors for everything else ({@link AdminErrors}).</li>
 * </ul>
 * Runs on its own Vert.x instance (one event loop): the admin API never competes with the ingress.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** Largest request body (replay and stream-token requests are a few hundred bytes). */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** Longest request line: odd 10 KB ids still reach the router and get a JSON answer. */
    static final int MAX_REQUEST_LINE = 32 * 1024;
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final HttpServer server;
    private final Router router;

    private AdminServer(Vertx vertx, HttpServer server, Router router) {
        this.vertx = vertx;
        this.server = server;
        this.router = router;
    }

    /**
     * Starts listening; returns once bound.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static AdminServer start(String host, int port, AdminAuth auth, List<AdminRoutes> routes) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        try {
            Router router = router(vertx, auth, routes);
            HttpServer server = await(vertx.createHttpServer(new HttpServerOptions()
                            .setHost(host).setPort(port)
                            .setMaxInitialLineLength(MAX_REQUEST_LINE)
                            .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS))
                    .requestHandler(router).listen());
            LOG.info("event=admin_listening host={} port={} routes={}", host, server.actualPort(), router.getRoutes().size());
            return new AdminServer(vertx, server, router);
        } catch (RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("admin API cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The router with every route mounted (tests compare it with the OpenAPI document). */
    static Router router(Vertx vertx, AdminAuth auth, List<AdminRoutes> routes) {
        Router router = Router.router(vertx);
        AdminErrors.install(router);
        // before any route: a path whose percent-encoding is broken cannot name anything
        router.route().order(-1000).handler(AdminServer::wellFormedPath);
        router.route("/admin/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/admin/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(OpenApi.document()));
        router.get("/admin/me").handler(auth.authenticated()).handler(ctx -> AdminErrors.ok(ctx, Map.of(
                "name", auth.tokenName(ctx),
                "scopes", auth.scopes(ctx).stream().map(Scope::id).sorted().toList())));
        for (AdminRoutes r : routes) {
            r.mount(router, auth);
        }
        router.getWithRegex("^/console$").handler(ctx -> ctx.redirect("/console/"));
        router.get("/console/*").handler(StaticHandler.create("console").setCachingEnabled(false)
                .setIndexPage("index.html"));
        return router;
    }

    private static void wellFormedPath(io.vertx.ext.web.RoutingContext ctx) {
        try {
            java.net.URLDecoder.decode(ctx.request().path().replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            AdminErrors.send(ctx, 400, "bad_request", "malformed percent-encoding in the path");
            return;
        }
        ctx.next();
    }

    /** The bound port. */
    public int port() {
        return server.actualPort();
    }

    /** The mounted routes (paths and methods), for the OpenAPI check. */
    List<Route> routes() {
        return router.getRoutes();
    }

    @Override
    public void close() {
        try {
            await(server.close());
        } catch (RuntimeException e) {
            LOG.warn("event=admin_close_failed error={}", e.getClass().getSimpleName());
        }
        try {
            await(vertx.close());
        } catch (RuntimeException e) {
            LOG.warn("event=admin_vertx_close_failed error={}", e.getClass().getSimpleName());
        }
        LOG.info("event=admin_stopped");
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(String.valueOf(c.getMessage()), c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }
}
