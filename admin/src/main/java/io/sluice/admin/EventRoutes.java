package io.sluice.admin;

import io.sluice.config.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.processor.index.EventIndex;
import io.sluice.processor.index.Timeline;
import io.vertx.core.json.jackson.DatabindCodec;
import org.apache.kafka.streams.state.HostInfo;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Event lookup (scope read) over the event index, which is the processor's dedupe store: each
 * processor instance holds its own partitions of it, so a call is answered from this instance's
 * partitions and the others' (asked through their admin API, {@link IndexPeers}):
 * <ul>
 *   <li>{@code GET /admin/events/{source}/{id}}: the event's timeline, 404 {@code unknown_event};
 *       asked of the instance holding the event's partition;</li>
 *   <li>{@code GET /admin/events?source=&type=&since=&until=&limit=}: recent events, newest first
 *       (by first delivery), at most {@code limit} (default 50, at most 1000), merged from every
 *       instance.</li>
 * </ul>
 * {@code local=true} answers from this instance's partitions only (what instances ask each other).
 * While Streams is not RUNNING (start-up, rebalance), or another instance that must answer cannot
 * be reached: 503 {@code unavailable}.
 */
public final class EventRoutes implements AdminRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    /** Longest source name and event id looked up (a key longer than this cannot have been indexed usefully). */
    static final int MAX_ID_LENGTH = 1024;

    private final EventIndex index;
    private final IndexPeers peers;

    /** One instance: every lookup is answered from {@code index} (benchmarks, tests). */
    public EventRoutes(EventIndex index) {
        this(index, new IndexPeers(IndexPeers.ALONE));
    }

    EventRoutes(EventIndex index, IndexPeers peers) {
        this.index = index;
        this.peers = peers;
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.get("/admin/events/:source/:id").handler(auth.require(Scope.READ)).handler(this::get);
        router.get("/admin/events").handler(auth.require(Scope.READ)).handler(this::list);
    }

    /** A lookup's answer: a timeline found here, or another instance's reply. */
    private record Answer(Optional<byte[]> local, IndexPeers.Reply remote) {
    }

    private void get(RoutingContext ctx) {
        String source = ctx.pathParam("source");
        String id = ctx.pathParam("id");
        if (source == null || id == null || source.isEmpty() || id.isEmpty()
                || source.length() > MAX_ID_LENGTH || id.length() > MAX_ID_LENGTH) {
            throw AdminException.badRequest("invalid_id", "source and id must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        boolean local = local(ctx);
        String authorization = ctx.request().getHeader("Authorization");
        query(ctx, () -> {
            if (!local) {
                Optional<HostInfo> owner = peers.directory().ownerOf(EventIndex.key(source, id));
                if (owner.isPresent()) {
                    return new Answer(Optional.empty(), peers.get(owner.get(), "/admin/events/"
                            + IndexPeers.segment(source) + "/" + IndexPeers.segment(id) + "?local=true", authorization));
                }
            }
            return new Answer(index.timeline(source, id).map(Timeline::toJson), null);
        }, answer -> {
            if (answer.remote() != null) {
                ctx.response().setStatusCode(answer.remote().status()).putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store").end(Buffer.buffer(answer.remote().body()));
            } else if (answer.local().isEmpty()) {
                AdminErrors.send(ctx, 404, "unknown_event", null);
            } else {
                ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                        .end(Buffer.buffer(answer.local().get()));
            }
        });
    }

    private void list(RoutingContext ctx) {
        EventIndex.Query q = new EventIndex.Query(
                text(ctx, "source"), text(ctx, "type"), time(ctx, "since"), time(ctx, "until"), limit(ctx));
        boolean local = local(ctx);
        String authorization = ctx.request().getHeader("Authorization");
        query(ctx, () -> {
            List<EventIndex.Summary> all = new ArrayList<>(index.recent(q));
            if (!local) {
                for (HostInfo other : peers.directory().others()) {
                    all.addAll(remoteRecent(other, q, authorization));
                }
                all.sort(Comparator.comparing(EventIndex.Summary::receivedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())));
            }
            return all.size() > q.limit() ? all.subList(0, q.limit()) : all;
        }, events -> AdminErrors.ok(ctx, Map.of("events", events)));
    }

    private List<EventIndex.Summary> remoteRecent(HostInfo other, EventIndex.Query q, String authorization)
            throws IndexPeers.Unreachable {
        StringBuilder path = new StringBuilder("/admin/events?local=true&limit=").append(q.limit());
        if (q.source() != null) {
            path.append("&source=").append(IndexPeers.segment(q.source()));
        }
        if (q.type() != null) {
            path.append("&type=").append(IndexPeers.segment(q.type()));
        }
        if (q.since() != null) {
            path.append("&since=").append(q.since());
        }
        if (q.until() != null) {
            path.append("&until=").append(q.until());
        }
        IndexPeers.Reply r = peers.get(other, path.toString(), authorization);
        if (r.status() != 200) {
            throw new IndexPeers.Unreachable("instance " + other.host() + ":" + other.port() + " answered " + r.status(), null);
        }
        try {
            JsonNode events = DatabindCodec.mapper().readTree(r.body()).path("events");
            List<EventIndex.Summary> out = new ArrayList<>();
            for (JsonNode e : events) {
                out.add(DatabindCodec.mapper().treeToValue(e, EventIndex.Summary.class));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IndexPeers.Unreachable("instance " + other.host() + ":" + other.port() + " answered no event list", e);
        }
    }

    /** {@code local=true}: this instance's partitions only. */
    static boolean local(RoutingContext ctx) {
        return "true".equals(text(ctx, IndexPeers.LOCAL));
    }

    /** Runs a store read off the event loop; 503 while the store is not queryable or a peer does not answer. */
    static <T> void query(RoutingContext ctx, Callable<T> read, java.util.function.Consumer<T> answer) {
        ctx.vertx().executeBlocking(read, false).onComplete(ar -> {
            if (ar.succeeded()) {
                answer.accept(ar.result());
            } else if (ar.cause() instanceof InvalidStateStoreException) {
                ctx.response().putHeader("Retry-After", "1");
                AdminErrors.send(ctx, 503, "unavailable", "the event index is not ready (processor starting or rebalancing)");
            } else if (ar.cause() instanceof IndexPeers.Unreachable) {
                ctx.response().putHeader("Retry-After", "1");
                AdminErrors.send(ctx, 503, "unavailable", "another processor instance holds part of the event index "
                        + "and did not answer");
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
