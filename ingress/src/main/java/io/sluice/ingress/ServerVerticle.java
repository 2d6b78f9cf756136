package io.sluice.ingress;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One HTTP server on one event loop. Several instances in one deployment share the port: Vert.x
 * accepts once and hands connections to the instances in turn, so the ingress uses every event loop.
 *
 * <p>A new connection must deliver its first request head within {@code headerTimeout}, else it is
 * closed: a sender trickling header bytes would otherwise hold the connection for as long as it keeps
 * sending one byte per idle timeout.
 */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final Collection<HttpServer> started;
    private final BooleanSupplier closing;
    private final Duration headerTimeout;
    /** Connections still waiting for their first request head, with their deadline timer. Event-loop only. */
    private final Map<HttpConnection, Long> awaitingFirstRequest = new IdentityHashMap<>();

    /**
     * @param started every listening server is added here (thread-safe collection)
     * @param closing true once shutdown began: new connections are closed at once
     */
    ServerVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler, Collection<HttpServer> started,
                   BooleanSupplier closing, Duration headerTimeout) {
        this.options = options;
        this.handler = handler;
        this.started = started;
        this.closing = closing;
        this.headerTimeout = headerTimeout;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options)
                .connectionHandler(this::connected)
                .requestHandler(request -> {
                    Long timer = awaitingFirstRequest.remove(request.connection());
                    if (timer != null) {
                        vertx.cancelTimer(timer);
                    }
                    handler.handle(request);
                })
                .listen().onSuccess(started::add);
    }

    private void connected(HttpConnection connection) {
        if (closing.getAsBoolean()) {
            connection.close(); // draining: no new connections, in-flight requests finish
            return;
        }
        long timer = vertx.setTimer(Math.max(1, headerTimeout.toMillis()), id -> {
            if (awaitingFirstRequest.remove(connection) != null) {
                connection.close();
            }
        });
        awaitingFirstRequest.put(connection, timer);
        connection.closeHandler(v -> {
            Long t = awaitingFirstRequest.remove(connection);
            if (t != null) {
                vertx.cancelTimer(t);
            }
        });
    }
}
