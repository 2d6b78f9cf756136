package io.sluice.bench.harness;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The HTTP side of the bench's ceilings ({@link ChildMain.BareHttp}, {@link Relay}), deployed as the
 * ingress deploys its server: one event loop and one server instance per core asked for, sharing one free
 * loopback port. Each request's whole body is read before the handler gets it; a body that cannot be
 * read is answered {@code 400}.
 */
final class BodyServer implements AutoCloseable {
    private final Vertx vertx;
    private final int port;

    private BodyServer(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Serves on {@code instances} event loops; {@code handler} answers each request from its event loop. */
    static BodyServer start(int instances, BiConsumer<HttpServerRequest, Buffer> handler) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances));
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                HttpServer server = vertx.createHttpServer();
                server.requestHandler(req -> req.body().onComplete(ar -> {
                    if (ar.failed()) {
                        req.response().setStatusCode(400).end();
                        return;
                    }
                    handler.accept(req, ar.result());
                }));
                return server.listen(port, "127.0.0.1");
            }
        }, new DeploymentOptions().setInstances(instances)).await(30, TimeUnit.SECONDS);
        return new BodyServer(vertx, port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at the end of the run: nothing left to protect
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
