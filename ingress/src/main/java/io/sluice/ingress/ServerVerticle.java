package io.sluice.ingress;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.Collection;

/**
 * One HTTP server on one event loop. Several instances on the same port share it: Vert.x accepts
 * once and hands connections to the instances in turn, so the ingress uses every event loop.
 */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final Collection<HttpServer> started;

    /** @param started every listening server is added here (thread-safe collection) */
    ServerVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler, Collection<HttpServer> started) {
        this.options = options;
        this.handler = handler;
        this.started = started;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(options).requestHandler(handler).listen().onSuccess(started::add);
    }
}
