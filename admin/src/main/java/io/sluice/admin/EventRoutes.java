package io.sluice.admin;

import io.sluice.config.Scope;
import io.sluice.processor.index.EventIndex;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Event lookup (scope read), answered from this instance's copy of the global index store, so
 * any processor instance answers for every partition:
 * <ul>
 *   <li>{@code GET /admin/events/{source}/{id}}: the event's timeline, 404 {@code unknown_event};</li>
 *   <li>{@code GET /admin/events?source=&type=&since=&until=&limit=}: recent events, newest first
 *       (by first delivery), at most {@code limit} (default 50, at most 1000).</li>
 * </ul>
 * While Streams is not RUNNING (start-up, rebalance) the store cannot be read: 503 {@code unavailable}.
 */
public final class EventRoutes implements AdminRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    /** Longest source name and event id looked up (a key longer than this cannot have been indexed usefully). */
    static final int MAX_ID_LENGTH = 1024;

    private final EventIndex index;

    public EventRoutes(EventIndex index) {
        this.index = index;
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.get("/admin/events/:source/:id").handler(auth.require(Scope.READ)).handler(this::get);
        router.get("/admin/events").handler(auth.require(Scope.READ)).handler(this::list);
    }

    private void get(RoutingContext ctx) {
        String source = ctx.pathParam("source");
        String id = ctx.pathParam("id");
        if (source == null || id == null || source.isEmpty() || id.isEmpty()
                || source.length() > MAX_ID_LENGTH || id.length() > MAX_ID_LENGTH) {
            throw AdminException.badRequest("invalid_id", "source and id must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        query(ctx, () -> index.timeline(source, id), found -> {
            if (found.isEmpty()) {
                AdminErrors.send(ctx, 404, "unknown_event", null);
            } else {
                ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                        .end(Buffer.buffer(found.get()));
            }
        });
    }

    private void list(RoutingContext ctx) {
        EventIndex.Query q = new EventIndex.Query(
                text(ctx, "source"), text(ctx, "type"), time(ctx, "since"), time(ctx, "until"), limit(ctx));
        query(ctx, () -> index.recent(q), events -> AdminErrors.ok(ctx, Map.of("events", events)));
    }

    /** Runs a store read off the event loop; 503 while the store is not queryable. */
    static <T> void query(RoutingContext ctx, Callable<T> read, java.util.function.Consumer<T> answer) {
        ctx.vertx().executeBlocking(read, false).onComplete(ar -> {
            if (ar.succeeded()) {
                answer.accept(ar.result());
            } else if (ar.cause() instanceof InvalidStateStoreException) {
                ctx.response().putHeader("Retry-After", "1");
                AdminErrors.send(ctx, 503, "unavailable", "the event index is not ready (processor starting or rebalancing)");
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    static String text(RoutingContext ctx, String name) {
        List<String> all = ctx.queryParam(name);
        if (all.isEmpty() || all.get(0).isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw AdminException.badRequest("invalid_parameter", name + " is given more than once");
        }
        String v = all.get(0);
        if (v.length() > MAX_ID_LENGTH) {
            throw AdminException.badRequest("invalid_parameter", name + " is longer than " + MAX_ID_LENGTH);
        }
        return v;
    }

    /** An ISO-8601 instant ({@code 2026-11-23T10:00:00Z}) or epoch milliseconds. */
    static Long time(RoutingContext ctx, String name) {
        return Optional.ofNullable(text(ctx, name)).map(v -> {
            try {
                return v.chars().allMatch(Character::isDigit) ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
            } catch (NumberFormatException | DateTimeParseException e) {
                throw AdminException.badRequest("invalid_parameter", name + " must be an ISO-8601 time or epoch milliseconds");
            }
        }).orElse(null);
    }

    static int limit(RoutingContext ctx) {
        String v = text(ctx, "limit");
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw AdminException.badRequest("invalid_parameter", "limit must be 1 to " + MAX_LIMIT);
        }
    }
}
