package io.sluice.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.config.Scope;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.processor.index.EventIndex;
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
 * its event's timeline; duplicates are the copies dedupe dropped), counted at the event's first
 * delivery time; rejections from {@code topics.rejections} ({@link RejectionsView}). The counts are
 * computed at most every {@link #CACHE_MS} ms.
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
    private final RejectionsView rejections;
    private final Clock clock;
    private Map<String, Object> cached;
    private long cachedAt;

    SourceRoutes(SluiceConfig config, EventIndex index, RejectionsView rejections, Clock clock) {
        this.config = config;
        this.index = index;
        this.rejections = rejections;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.get("/admin/sources").handler(auth.require(Scope.READ)).handler(this::sources);
        router.get("/admin/sources/:name/rejections").handler(auth.require(Scope.READ)).handler(this::rejections);
    }

    private void sources(RoutingContext ctx) {
        EventRoutes.query(ctx, this::stats, stats -> AdminErrors.ok(ctx, stats));
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

    /** Ordered by the config; computed at most every CACHE_MS (callers run it off the event loop, serialized). */
    synchronized Map<String, Object> stats() {
        long now = clock.millis();
        if (cached != null && now - cachedAt < CACHE_MS) {
            return cached;
        }
        long hourAgo = now - HOUR_MS;
        long dayAgo = now - RejectionsView.DAY_MS;
        long firstMinute = hourAgo / 60_000 + 1;
        Map<String, long[]> hour = new HashMap<>();
        Map<String, long[]> day = new HashMap<>();
        Map<String, Map<Long, long[]>> minutes = new HashMap<>();
        index.forEach(dayAgo, now, MAX_COUNTED, s -> {
            if (s.source() == null || s.receivedAt() == null) {
                return;
            }
            add(day, s);
            if (s.receivedAt() >= hourAgo) {
                add(hour, s);
                long[] m = minutes.computeIfAbsent(s.source(), k -> new HashMap<>())
                        .computeIfAbsent(s.receivedAt() / 60_000, k -> new long[2]);
                m[0] += s.deliveries();
                m[1] += s.duplicates();
            }
        });
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
                long[] c = minutes.getOrDefault(n, Map.of()).getOrDefault(m, new long[2]);
                series.add(new Minute(m * 60_000, c[0], c[1], rejectedPerMinute.getOrDefault(m, 0L)));
            }
            out.add(new SourceStats(n, sc.scheme(), paths, window(hour.get(n), rejections.byReason(n, hourAgo)),
                    window(day.get(n), rejections.byReason(n, dayAgo)), series));
        }
        cached = Map.of("sources", out, "computed_at", now);
        cachedAt = now;
        return cached;
    }

    private static void add(Map<String, long[]> into, EventIndex.Summary s) {
        long[] c = into.computeIfAbsent(s.source(), k -> new long[2]);
        c[0] += s.deliveries();
        c[1] += s.duplicates();
    }

    private static Window window(long[] counts, Map<String, Long> rejected) {
        long[] c = counts == null ? new long[2] : counts;
        return new Window(c[0], c[1], rejected, rejected.values().stream().mapToLong(Long::longValue).sum());
    }
}
