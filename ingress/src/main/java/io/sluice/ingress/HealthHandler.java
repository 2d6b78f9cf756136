package io.sluice.ingress;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.function.BooleanSupplier;

/** {@code GET /health/live} (the process serves HTTP) and {@code GET /health/ready} (Kafka reachable, not closing). */
final class HealthHandler {
    private final Replies replies;
    private final BooleanSupplier ready;

    HealthHandler(Replies replies, BooleanSupplier ready) {
        this.replies = replies;
        this.ready = ready;
    }

    void live(HttpServerRequest request) {
        if (getOrHead(request)) {
            Responder.send(request, replies.health(true, "live"));
        }
    }

    void ready(HttpServerRequest request) {
        if (getOrHead(request)) {
            boolean up = ready.getAsBoolean();
            Responder.send(request, replies.health(up, up ? "ready" : "not_ready"));
        }
    }

    private boolean getOrHead(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            return true;
        }
        Responder.send(request, replies.getOnly());
        return false;
    }
}
