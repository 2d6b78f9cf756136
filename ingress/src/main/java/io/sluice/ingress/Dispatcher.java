package io.sluice.ingress;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The server's request handler: exact-path routing to one handler per route. Unknown paths get
 * 404, unknown sources under {@code /webhooks/} get {@code unknown_source}; while shutting down,
 * new requests get 503 so that only in-flight ones complete.
 */
final class Dispatcher implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final String WEBHOOKS = "/webhooks/";

    private final Supplier<Endpoints> endpoints;
    private final WebhookHandler webhooks;
    private final HealthHandler health;
    private final MetricsHandler metricsHandler;
    private final Replies replies;
    private final IngressMetrics metrics;
    private final BooleanSupplier closing;
    private final ActiveRequests active;

    /** @param endpoints the current snapshot of the served sources (replaced on reload) */
    Dispatcher(Supplier<Endpoints> endpoints, WebhookHandler webhooks, HealthHandler health,
               MetricsHandler metricsHandler, Replies replies, IngressMetrics metrics, BooleanSupplier closing,
               ActiveRequests active) {
        this.endpoints = endpoints;
        this.webhooks = webhooks;
        this.health = health;
        this.metricsHandler = metricsHandler;
        this.replies = replies;
        this.metrics = metrics;
        this.closing = closing;
        this.active = active;
    }

    @Override
    public void handle(HttpServerRequest request) {
        try {
            route(request);
        } catch (RuntimeException e) {
            // never a stack trace in a body; the class name only in the log (a message could quote input)
            LOG.error("event=internal_error path={} error={}", LogText.safe(request.path()), e.getClass().getName());
            Responder.send(request, replies.failure(Failure.INTERNAL).closing());
        }
    }

    private void route(HttpServerRequest request) {
        String path = normalize(request.path());
        switch (path) {
            case "/health/live" -> health.live(request);
            case "/health/ready" -> health.ready(request);
            case "/metrics" -> metricsHandler.handle(request);
            default -> {
                // read once: the request keeps this endpoint (verifier, secrets) even if a reload swaps it
                Endpoint endpoint = endpoints.get().get(path);
                if (endpoint != null) {
                    if (closing.getAsBoolean()) {
                        metrics.request(endpoint.name(), Failure.UNAVAILABLE.code());
                        Responder.send(request, replies.failure(Failure.UNAVAILABLE).closing());
                    } else {
                        active.track(request);
                        webhooks.handle(request, endpoint);
                    }
                } else if (path.startsWith(WEBHOOKS)) {
                    metrics.request(IngressMetrics.NO_SOURCE, Failure.UNKNOWN_SOURCE.code());
                    Responder.send(request, replies.failure(Failure.UNKNOWN_SOURCE));
                } else {
                    Responder.send(request, replies.failure(Failure.NOT_FOUND));
                }
            }
        }
    }

    /** One trailing slash is ignored, so {@code /webhooks/github/} works like {@code /webhooks/github}. */
    static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
