package io.sluice.ingress;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * One HTTP server on one event loop. Several instances on the same port share it: Vert.x accepts
 * once and hands connections to the instances in turn, so the ingress uses every event loop.
 */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final Collection<HttpServer> started;
    private final BooleanSupplier closing;

    /**
     * @param started every listening server is added here (thread-safe collection)
     * @param closing true once shutdown began: new connections are closed at once
     */
    ServerVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler, Collection<HttpServer> started,
                   BooleanSupplier closing) {
        this.options = options;
        this.handler = handler;
        this.started = started;
        this.closing = closing;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options)
                .connectionHandler(connection -> {
                    if (closing.getAsBoolean()) {
                        connection.close(); // draining: no new connections, in-flight requests finish
                    }
                })
                .requestHandler(handler).listen().onSuccess(started::add);
    }
}
