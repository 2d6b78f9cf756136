package io.sluice.admin.streams;

import io.sluice.admin.AdminAuth;
import io.sluice.admin.AdminErrors;
import io.sluice.admin.AdminException;
import io.sluice.admin.AdminRoutes;
import io.sluice.admin.AuditLog;
import io.sluice.config.ConfigException;
import io.sluice.config.Durations;
import io.sluice.config.RouteConfig;
import io.sluice.config.Scope;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.topics.KafkaClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Event streams over HTTP (DESIGN.md, "Event streams over HTTP"), mounted on the admin server:
 * <ul>
 *   <li>{@code POST /admin/stream-tokens} (scope admin): {@code {"topic","sources","types","ttl"}} →
 *       {@code {"token","expires_at"}}; audited as {@code stream-token.create};</li>
 *   <li>{@code GET /streams/{topic}}: Server-Sent Events of a route's (or the default) topic, for the
 *       holder of a stream token of that topic ({@code Authorization: Bearer} or {@code ?token=}).</li>
 * </ul>
 * Topics that can be streamed: every route's topic and {@code topics.default} (not the raw or
 * dead-letter topics, which hold unverified or undecodable bodies), as the running config names
 * them: a route added by a live reload can be streamed right after the reload.
 */
public final class StreamsApi implements AdminRoutes, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApi.class);
    static final String LATEST = "latest";
    static final String EARLIEST = "earliest";

    private final SluiceConfig config;
    private final StreamKey key;
    private final AuditLog audit;
    private final StreamSettings settings;
    private final Clock clock;
    /** The running config (a live reload swaps it): which topics can be streamed, which sources exist. */
    private final Supplier<SluiceConfig> running;
    private final ScheduledExecutorService pump;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers;
    private final SecureRandom random = new SecureRandom();

    public StreamsApi(SluiceConfig config, StreamKey key, AuditLog audit, StreamSettings settings, Clock clock) {
        this(config, () -> config, key, audit, settings, clock);
    }

    /**
     * @param config  the start-up config (Kafka settings of the stream consumers)
     * @param running the running config: a route added by a live reload can be streamed at once
     */
    public StreamsApi(SluiceConfig config, Supplier<SluiceConfig> running, StreamKey key, AuditLog audit,
                      StreamSettings settings, Clock clock) {
        this.config = config;
        this.running = running;
        this.key = key;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pump = Executors.newScheduledThreadPool(settings.pumpThreads(), r -> {
            Thread th = new Thread(r, "sluice-stream-pump-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        this.consumers = props -> new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The API with default settings and the server key from {@link StreamKey#ENV} or a random one. */
    public static StreamsApi start(SluiceConfig config, Supplier<SluiceConfig> running, AuditLog audit) {
        return new StreamsApi(config, running, StreamKey.fromEnvOrRandom(System.getenv()), audit, StreamSettings.defaults(),
                Clock.systemUTC());
    }

    @Override
    public void mount(Router router, AdminAuth auth) {
        router.post("/admin/stream-tokens").handler(auth.require(Scope.ADMIN)).handler(ctx -> mint(ctx, auth));
        router.get("/streams/:topic").handler(this::stream);
    }

    /** The topics that can be streamed now: the running config's default topic and route topics. */
    private Set<String> topics() {
        SluiceConfig c = running.get();
        Set<String> t = new LinkedHashSet<>();
        t.add(c.topics().defaultTopic());
        c.routes().stream().map(RouteConfig::topic).forEach(t::add);
        return t;
    }

    private Set<String> sources() {
        return running.get().sources().stream().map(SourceConfig::name).collect(java.util.stream.Collectors.toSet());
    }

    /** Streams open now. */
    public int openStreams() {
        return active.get();
    }

    // ---- POST /admin/stream-tokens --------------------------------------------------------------

    /** The answer: the token and when it expires (ISO-8601 UTC). */
    record Minted(String token, String expires_at) {
    }

    private void mint(RoutingContext ctx, AdminAuth auth) {
        JsonObject body = AdminErrors.jsonBody(ctx);
        Object topicValue = body.getValue("topic");
        if (!(topicValue instanceof String topic) || topic.isBlank()) {
            throw AdminException.badRequest("invalid_request", "topic: a topic name is required");
        }
        if (!topics().contains(topic)) {
            throw new AdminException(404, "unknown_topic", "topic: not a route or default topic: " + topic);
        }
        List<String> tokenSources = strings(body, "sources");
        Set<String> known = sources();
        for (String s : tokenSources) {
            if (!known.contains(s)) {
                throw AdminException.badRequest("invalid_request", "sources: unknown source " + s);
            }
        }
        List<String> types = strings(body, "types");
        Duration ttl = ttl(body.getValue("ttl"));
        Instant expires = clock.instant().plus(ttl);
        byte[] nonce = new byte[9];
        random.nextBytes(nonce);
        String token = new StreamToken(topic, tokenSources, types, expires,
                Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)).sign(key);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("topic", topic);
        params.put("sources", tokenSources);
        params.put("types", types);
        params.put("ttl", Durations.format(ttl));
        params.put("expires_at", expires.toString());
        // the nonce identifies the token in the log without being the token
        params.put("nonce_sha", HexFormat.of().formatHex(nonce));
        audit.record(auth.tokenName(ctx), "stream-token.create", params);
        AdminErrors.ok(ctx, new Minted(token, expires.toString()));
    }

    private static List<String> strings(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw AdminException.badRequest("invalid_request", field + ": must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s) || s.isEmpty()) {
                throw AdminException.badRequest("invalid_request", field + ": must be an array of non-empty strings");
            }
            out.add(s);
        }
        return out;
    }

    private static Duration ttl(Object v) {
        if (v == null) {
            return StreamSettings.DEFAULT_TTL;
        }
        Duration ttl;
        try {
            ttl = Durations.parse("ttl", String.valueOf(v));
        } catch (ConfigException e) {
            throw AdminException.badRequest("invalid_ttl", "ttl: a duration such as 90s, 15m or 12h");
        }
        if (ttl.isZero() || ttl.isNegative() || ttl.compareTo(StreamSettings.MAX_TTL) > 0) {
            throw AdminException.badRequest("invalid_ttl", "ttl: more than 0 and at most 24h");
        }
        return ttl;
    }

    // ---- GET /streams/{topic} -------------------------------------------------------------------

    /** Where a stream starts: {@code latest}, {@code earliest} or right after a cursor. */
    private record Start(String mode, Cursor cursor) {
    }

    private void stream(RoutingContext ctx) {
        String topic = ctx.pathParam("topic");
        String presented = bearer(ctx.request().getHeader("Authorization"));
        if (presented == null) {
            presented = ctx.request().getParam("token");
        }
        StreamToken token = StreamToken.verify(key, presented).orElse(null);
        if (token == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            AdminErrors.send(ctx, 401, "unauthorized", "a valid stream token is required");
            return;
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            AdminErrors.send(ctx, 401, "token_expired", "the stream token expired at " + token.expiresAt());
            return;
        }
        if (!token.topic().equals(topic)) {
            AdminErrors.send(ctx, 403, "forbidden", "the stream token is for another topic");
            return;
        }
        List<String> wantSources = params(ctx, "source");
        if (!token.sources().isEmpty() && !token.sources().containsAll(wantSources)) {
            AdminErrors.send(ctx, 403, "forbidden", "source: outside the stream token's sources");
            return;
        }
        if (!topics().contains(topic)) {
            AdminErrors.send(ctx, 404, "unknown_topic", null);
            return;
        }
        Start start;
        try {
            start = start(ctx, topic);
        } catch (Cursor.InvalidCursorException e) {
            AdminErrors.send(ctx, 400, "invalid_cursor", e.getMessage());
            return;
        }
        if (active.incrementAndGet() > settings.maxStreams()) {
            active.decrementAndGet();
            ctx.response().putHeader("Retry-After", "5");
            AdminErrors.send(ctx, 503, "unavailable", "too many open streams");
            return;
        }
        EventFilter filter = EventFilter.of(token, wantSources, params(ctx, "type"));
        // creating the consumer and looking offsets up block: on a pump thread, never on the event loop
        pump.execute(() -> open(ctx, topic, token, filter, start));
    }

    private Start start(RoutingContext ctx, String topic) throws Cursor.InvalidCursorException {
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        String since = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : ctx.request().getParam("since");
        if (since == null || since.isBlank() || since.equals(LATEST)) {
            return new Start(LATEST, null);
        }
        if (since.equals(EARLIEST)) {
            return new Start(EARLIEST, null);
        }
        return new Start("cursor", Cursor.decode(key, topic, since));
    }

    private void open(RoutingContext ctx, String topic, StreamToken token, EventFilter filter, Start start) {
        Consumer<byte[], byte[]> consumer = null;
        try {
            consumer = consumers.apply(consumerProps());
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                consumer.close();
                active.decrementAndGet();
                AdminErrors.send(ctx, 404, "unknown_topic", "the topic does not exist in Kafka");
                return;
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(10));
            List<String> comments = new ArrayList<>();
            Map<Integer, Long> positions = new TreeMap<>();
            for (TopicPartition tp : tps) {
                long b = begin.getOrDefault(tp, 0L);
                long e = end.getOrDefault(tp, b);
                long pos = switch (start.mode()) {
                    case LATEST -> e;
                    case EARLIEST -> b;
                    default -> {
                        Long c = start.cursor().offsets().get(tp.partition());
                        if (c == null) {
                            yield b; // a partition added since the cursor was made: all of it is new
                        }
                        if (c < b) {
                            comments.add("cursor is older than the retention of partition " + tp.partition()
                                    + ": resuming from its earliest offset " + b + " (events in between are gone)");
                            yield b;
                        }
                        if (c > e) {
                            comments.add("cursor is past the end of partition " + tp.partition()
                                    + " (topic recreated?): resuming from its end " + e);
                            yield e;
                        }
                        yield c;
                    }
                };
                positions.put(tp.partition(), pos);
                consumer.seek(tp, pos);
            }
            EventStream[] self = new EventStream[1];
            EventStream stream = new EventStream(topic, consumer, positions, ctx.response(), key, filter,
                    token.expiresAt(), settings, pump, clock, () -> {
                        open.remove(self[0]);
                        active.decrementAndGet();
                    });
            self[0] = stream;
            consumer = null; // owned by the stream from here on
            open.add(stream);
            ctx.response().closeHandler(v -> stream.close("client closed"));
            stream.start(comments);
            LOG.info("event=stream_opened topic={} start={} partitions={} open_streams={}", topic, start.mode(),
                    tps.size(), active.get());
            if (ctx.response().closed()) {
                stream.close("client closed");
            }
        } catch (RuntimeException e) {
            LOG.warn("event=stream_open_failed topic={} error={}", topic, e.getClass().getName());
            if (consumer != null) {
                try {
                    consumer.close();
                } catch (RuntimeException ignored) {
                    // already failing
                }
                active.decrementAndGet();
            }
            AdminErrors.send(ctx, 503, "unavailable", "Kafka did not answer in time");
        }
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> p = KafkaClients.common(config);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-stream");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, settings.fetchMaxBytes());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, settings.fetchMaxBytes());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(10, settings.idlePoll().toMillis()));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 64 * 1024);
        return p;
    }

    private static List<String> params(RoutingContext ctx, String name) {
        List<String> out = new ArrayList<>();
        for (String v : ctx.queryParam(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private static String bearer(String header) {
        String prefix = "bearer ";
        if (header == null || header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String t = header.substring(prefix.length()).trim();
        return t.isEmpty() ? null : t;
    }

    /** Ends every open stream (with a {@code retry:} hint) and stops the pump threads. */
    @Override
    public void close() {
        for (EventStream s : open) {
            s.shutdown();
        }
        pump.shutdown();
        try {
            if (!pump.awaitTermination(5, TimeUnit.SECONDS)) {
                pump.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
