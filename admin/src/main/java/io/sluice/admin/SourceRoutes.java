package io.sluice.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.config.Scope;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.processor.index.EventIndex;
import io.vertx.core.json.jackson.DatabindCodec;
import org.apache.kafka.streams.state.HostInfo;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-source activity (scope read):
 * <ul>
 *   <li>{@code GET /admin/sources}: each configured source with its scheme and paths, accepted /
 *       duplicates / rejected by reason over the last hour and 24 hours, and a per-minute series of
 *       the last hour;</li>
 *   <li>{@code GET /admin/sources/{name}/rejections?limit=}: its latest rejected deliveries.</li>
 * </ul>
 * Accepted and duplicates come from the event index (each delivery the ingress acknowledged is in
 * its event's entry; duplicates are the copies dedupe dropped), counted at the event's first
 * delivery time, over this instance's partitions plus the other instances' (asked with
 * {@code local=true}, {@link IndexPeers}); rejections from {@code topics.rejections}
 * ({@link RejectionsView}). The counts are computed at most every {@link #CACHE_MS} ms.
 */
final class SourceRoutes implements AdminRoutes {
    static final long CACHE_MS = 10_000;
    static final long HOUR_MS = 3_600_000;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = RejectionsView.KEPT_PER_SOURCE;
    /** Most events counted per call (a day of more events than this is counted up to it). */
    static final int MAX_COUNTED = 2_000_000;

    record Window(long accepted, long duplicates, Map<String, Long> rejected,
                  @JsonProperty("rejected_total") long rejectedTotal) {
    }

    record Minute(long minute, long accepted, long duplicates, long rejected) {
    }

    record SourceStats(String name, String scheme, List<String> paths,
                       @JsonProperty("last_1h") Window lastHour, @JsonProperty("last_24h") Window lastDay,
                       @JsonProperty("per_minute") List<Minute> perMinute) {
    }

    private final SluiceConfig config;
    private final EventIndex index;
    private final IndexPeers peers;
    private final RejectionsView rejections;
    private final Clock clock;
    private Map<String, Object> cached;
    private long cachedAt;

    SourceRoutes(SluiceConfig config, EventIndex index, IndexPeers peers, RejectionsView rejections, Clock clock) {
        this.config = config;
        this.index = index;
        this.peers = peers;
        this.rejections = rejections;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.get("/admin/sources").handler(auth.require(Scope.READ)).handler(this::sources);
        router.get("/admin/sources/:name/rejections").handler(auth.require(Scope.READ)).handler(this::rejections);
    }

    private void sources(RoutingContext ctx) {
        if (EventRoutes.local(ctx)) {
            EventRoutes.query(ctx, () -> build(clock.millis(), localCounts(clock.millis())),
                    stats -> AdminErrors.ok(ctx, stats));
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        EventRoutes.query(ctx, () -> stats(authorization), stats -> AdminErrors.ok(ctx, stats));
    }

    private void rejections(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (name == null || name.isEmpty() || name.length() > EventRoutes.MAX_ID_LENGTH
                || config.source(name).isEmpty()) {
            throw AdminException.notFound("unknown_source");
        }
        int limit = DEFAULT_LIMIT;
        String v = EventRoutes.text(ctx, "limit");
        if (v != null) {
            try {
                limit = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw AdminException.badRequest("invalid_parameter", "limit must be 1 to " + MAX_LIMIT);
            }
        }
        AdminErrors.ok(ctx, Map.of("source", name, "rejections", rejections.recent(name, limit)));
    }

    /** Accepted and duplicates per source: last hour, last day, per minute of the last hour. */
    private static final class Counts {
        final Map<String, long[]> hour = new HashMap<>();
        final Map<String, long[]> day = new HashMap<>();
        final Map<String, Map<Long, long[]>> minutes = new HashMap<>();

        void add(Map<String, long[]> into, String source, long accepted, long duplicates) {
            long[] c = into.computeIfAbsent(source, k -> new long[2]);
            c[0] += accepted;
            c[1] += duplicates;
        }

        void addMinute(String source, long minute, long accepted, long duplicates) {
            long[] m = minutes.computeIfAbsent(source, k -> new HashMap<>()).computeIfAbsent(minute, k -> new long[2]);
            m[0] += accepted;
            m[1] += duplicates;
        }
    }

    /**
     * Ordered by the config, over every instance's partitions; computed at most every CACHE_MS
     * (callers run it off the event loop, serialized).
     */
    synchronized Map<String, Object> stats(String authorization) throws IndexPeers.Unreachable {
        long now = clock.millis();
        if (cached != null && now - cachedAt < CACHE_MS) {
            return cached;
        }
        Counts counts = localCounts(now);
        for (HostInfo other : peers.directory().others()) {
            addRemote(counts, other, authorization);
        }
        cached = build(now, counts);
        cachedAt = now;
        return cached;
    }

    private Counts localCounts(long now) {
        long hourAgo = now - HOUR_MS;
        long dayAgo = now - RejectionsView.DAY_MS;
        Counts counts = new Counts();
        index.forEach(dayAgo, now, MAX_COUNTED, s -> {
            if (s.source() == null || s.receivedAt() == null) {
                return;
            }
            counts.add(counts.day, s.source(), s.deliveries(), s.duplicates());
            if (s.receivedAt() >= hourAgo) {
                counts.add(counts.hour, s.source(), s.deliveries(), s.duplicates());
                counts.addMinute(s.source(), s.receivedAt() / 60_000, s.deliveries(), s.duplicates());
            }
        });
        return counts;
    }

    /** Adds another instance's own counts ({@code GET /admin/sources?local=true}). */
    private void addRemote(Counts counts, HostInfo other, String authorization) throws IndexPeers.Unreachable {
        IndexPeers.Reply r = peers.get(other, "/admin/sources?local=true", authorization);
        if (r.status() != 200) {
            throw new IndexPeers.Unreachable("instance " + other.host() + ":" + other.port() + " answered " + r.status(), null);
        }
        JsonNode sources;
        try {
            sources = DatabindCodec.mapper().readTree(r.body()).path("sources");
        } catch (java.io.IOException e) {
            throw new IndexPeers.Unreachable("instance " + other.host() + ":" + other.port() + " answered no counts", e);
        }
        for (JsonNode s : sources) {
            String n = s.path("name").asText();
            counts.add(counts.hour, n, s.path("last_1h").path("accepted").asLong(), s.path("last_1h").path("duplicates").asLong());
            counts.add(counts.day, n, s.path("last_24h").path("accepted").asLong(), s.path("last_24h").path("duplicates").asLong());
            for (JsonNode m : s.path("per_minute")) {
                counts.addMinute(n, m.path("minute").asLong() / 60_000, m.path("accepted").asLong(),
                        m.path("duplicates").asLong());
            }
        }
    }

    private Map<String, Object> build(long now, Counts counts) {
        long hourAgo = now - HOUR_MS;
        long dayAgo = now - RejectionsView.DAY_MS;
        long firstMinute = hourAgo / 60_000 + 1;
        List<SourceStats> out = new ArrayList<>();
        for (SourceConfig sc : config.sources()) {
            String n = sc.name();
            List<String> paths = new ArrayList<>(List.of("/webhooks/" + n));
            if (sc.path() != null) {
                paths.add(sc.path());
            }
            Map<Long, Long> rejectedPerMinute = rejections.perMinute(n, firstMinute);
            List<Minute> series = new ArrayList<>();
            for (long m = firstMinute; m <= now / 60_000; m++) {
                long[] c = counts.minutes.getOrDefault(n, Map.of()).getOrDefault(m, new long[2]);
                series.add(new Minute(m * 60_000, c[0], c[1], rejectedPerMinute.getOrDefault(m, 0L)));
            }
            out.add(new SourceStats(n, sc.scheme(), paths, window(counts.hour.get(n), rejections.byReason(n, hourAgo)),
                    window(counts.day.get(n), rejections.byReason(n, dayAgo)), series));
        }
        return Map.of("sources", out, "computed_at", now);
    }

    private static Window window(long[] counts, Map<String, Long> rejected) {
        long[] c = counts == null ? new long[2] : counts;
        return new Window(c[0], c[1], rejected, rejected.values().stream().mapToLong(Long::longValue).sum());
    }
}
