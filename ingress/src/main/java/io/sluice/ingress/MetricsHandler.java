package io.sluice.ingress;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/** {@code GET /metrics}: Prometheus text exposition, rendered on a worker thread. */
final class MetricsHandler {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final Replies replies;
    private final PrometheusMeterRegistry registry;

    MetricsHandler(Vertx vertx, Replies replies, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.replies = replies;
        this.registry = registry;
    }

    void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            Responder.send(request, replies.getOnly());
            return;
        }
        vertx.executeBlocking(registry::scrape, false).onComplete(ar -> Responder.send(request,
                ar.succeeded() ? replies.text(CONTENT_TYPE, ar.result()) : replies.failure(Failure.INTERNAL)));
    }
}
