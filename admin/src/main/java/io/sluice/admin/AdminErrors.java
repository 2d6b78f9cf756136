package io.sluice.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The one place that turns admin API failures into JSON answers {@code {"error":"<code>","detail":"…"}}:
 * handler refusals ({@link AdminException}), Vert.x Web's own (no route 404, wrong method 405, body
 * over the limit 413), unreadable JSON (400) and bugs (500 {@code internal_error}, the class name
 * logged, never a stack trace in a body).
 */
public final class AdminErrors {
    private static final Logger LOG = LoggerFactory.getLogger(AdminErrors.class);

    /** Codes of the statuses Vert.x Web decides itself. */
    private static final Map<Integer, String> CODES = Map.of(
            400, "bad_request",
            401, "unauthorized",
            403, "forbidden",
            404, "not_found",
            405, "method_not_allowed",
            406, "not_acceptable",
            413, "payload_too_large",
            414, "uri_too_long",
            415, "unsupported_media_type",
            500, "internal_error");

    /** The JSON error body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(String error, String detail) {
    }

    private AdminErrors() {
    }

    /** Installs the error handlers on the router (the server does this; routes need not). */
    static void install(Router router) {
        for (int status : CODES.keySet()) {
            router.errorHandler(status, AdminErrors::handleFailure);
        }
    }

    /** Answers {@code status} with {@code {"error":code,"detail":detail}} (detail omitted when null). */
    public static void send(RoutingContext ctx, int status, String code, String detail) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Json.encode(new ErrorBody(code, detail)));
    }

    /** Answers 200 with the object as JSON (Jackson-encoded: records, maps, lists). */
    public static void ok(RoutingContext ctx, Object body) {
        json(ctx, 200, body);
    }

    /** Answers {@code status} with the object as JSON. */
    public static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Json.encode(body));
    }

    /**
     * The request body as a JSON object.
     *
     * @throws AdminException 400 {@code bad_json} when it is missing, not JSON, or not an object
     */
    public static JsonObject jsonBody(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw AdminException.badRequest("bad_json", "a JSON object body is required");
        }
        try {
            JsonObject o = ctx.body().asJsonObject();
            if (o == null) {
                throw AdminException.badRequest("bad_json", "a JSON object body is required");
            }
            return o;
        } catch (DecodeException | ClassCastException e) {
            throw AdminException.badRequest("bad_json", "the body is not a JSON object");
        }
    }

    static void handleFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof AdminException a) {
            send(ctx, a.status(), a.code(), a.detail());
            return;
        }
        if (failure instanceof DecodeException) {
            send(ctx, 400, "bad_json", "the body is not valid JSON");
            return;
        }
        if (failure instanceof IllegalArgumentException && ctx.statusCode() <= 0) {
            // Vert.x Web's own parsing of odd paths/parameters (malformed percent-encoding)
            send(ctx, 400, "bad_request", "malformed request");
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            // the class only: messages may quote request content
            LOG.error("event=admin_internal_error method={} path_length={} error={}", ctx.request().method(),
                    ctx.request().path() == null ? 0 : ctx.request().path().length(),
                    failure == null ? "none" : failure.getClass().getName());
            send(ctx, 500, "internal_error", null);
            return;
        }
        send(ctx, status, CODES.getOrDefault(status, status < 500 ? "bad_request" : "internal_error"), null);
    }
}
