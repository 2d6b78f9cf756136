package io.sluice.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigApplier;
import io.sluice.config.ConfigException;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Schemes;
import io.sluice.topics.KafkaClients;
import io.sluice.topics.TopicProvisioner;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The HTTP ingress: {@code POST /webhooks/{source}} (and each source's {@code path}) verified and
 * written to the raw topic, {@code GET /health/live}, {@code GET /health/ready}, {@code GET /metrics}.
 *
 * <pre>{@code
 * try (Ingress ingress = Ingress.start(config)) {   // returns once listening
 *     ... ingress.port() ...
 * }                                                  // graceful: in-flight requests complete
 * }</pre>
 *
 * The raw topic must exist (the CLI runs {@code TopicProvisioner.ensure} first).
 */
public final class Ingress implements AutoCloseable, ConfigApplier {
    private static final Logger LOG = LoggerFactory.getLogger(Ingress.class);
    /**
     * System property that turns the recording of refused deliveries off
     * ({@code -Dsluice.ingress.rejections=false}): nothing is written to {@code topics.rejections}.
     * Default on; it exists to measure what recording costs ({@code bench/run --only ops}).
     */
    public static final String REJECTIONS_PROPERTY = "sluice.ingress.rejections";

    /** Whether refused deliveries are recorded ({@link #REJECTIONS_PROPERTY}, default true). */
    public static boolean rejectionsEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty(REJECTIONS_PROPERTY, "true").trim());
    }
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final List<HttpServer> servers;
    private final RawWriter writer;
    private final KafkaReadiness readiness;
    private final JvmGcMetrics gcMetrics;
    private final PrometheusMeterRegistry ownedRegistry;
    private final Duration kafkaTimeout;
    private final IngressLimits limits;
    private final int port;
    private final AtomicBoolean closing;
    private final ActiveRequests active;
    private final RejectionRecorder rejections;
    private final AtomicReference<Endpoints> endpoints;
    private final Clock clock;
    private final VerifierFactory verifiers;
    private final long maxRecordBytes;
    private boolean closed;

    private Ingress(Vertx vertx, List<HttpServer> servers, RawWriter writer, KafkaReadiness readiness,
                    JvmGcMetrics gcMetrics, PrometheusMeterRegistry ownedRegistry, Duration kafkaTimeout,
                    IngressLimits limits, AtomicBoolean closing, ActiveRequests active,
                    AtomicReference<Endpoints> endpoints, Clock clock, VerifierFactory verifiers, long maxRecordBytes,
                    RejectionRecorder rejections) {
        this.rejections = rejections;
        this.vertx = vertx;
        this.servers = servers;
        this.writer = writer;
        this.readiness = readiness;
        this.gcMetrics = gcMetrics;
        this.ownedRegistry = ownedRegistry;
        this.kafkaTimeout = kafkaTimeout;
        this.limits = limits;
        this.port = servers.get(0).actualPort();
        this.closing = closing;
        this.active = active;
        this.endpoints = endpoints;
        this.clock = clock;
        this.verifiers = verifiers;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Starts with the system clock, its own Prometheus registry and the scheme verifiers; returns once listening. */
    public static Ingress start(SluiceConfig config) {
        return start(config, Clock.systemUTC(), null, IngressLimits.defaults(), Schemes::verifier);
    }

    /** As {@link #start(SluiceConfig)} with an injected clock and registry (which the caller closes). */
    public static Ingress start(SluiceConfig config, Clock clock, PrometheusMeterRegistry registry) {
        return start(config, clock, registry, IngressLimits.defaults(), Schemes::verifier);
    }

    /**
     * Full control, for tests and embedding.
     *
     * @param registry null: the ingress creates and closes its own
     * @throws IllegalStateException when the port cannot be bound (everything started is released)
     */
    public static Ingress start(SluiceConfig config, Clock clock, PrometheusMeterRegistry registry,
                                IngressLimits limits, VerifierFactory verifiers) {
        return start(config, clock, registry, limits, verifiers, KafkaProducer::new);
    }

    /** As above with a producer factory (unit tests use Kafka's MockProducer). */
    static Ingress start(SluiceConfig config, Clock clock, PrometheusMeterRegistry registry, IngressLimits limits,
                         VerifierFactory verifiers, Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        PrometheusMeterRegistry reg = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // config errors first, nothing to undo
        AtomicReference<Endpoints> endpoints = new AtomicReference<>(
                Endpoints.build(config, clock, verifiers, null, System::nanoTime));
        IngressMetrics metrics = new IngressMetrics(reg);
        Map<String, Object> producerSettings = ProducerSettings.of(config);
        Producer<byte[], byte[]> producer = producers.apply(producerSettings);
        RawWriter writer = new RawWriter(producer, config.ingress().maxInFlight(), metrics::produced,
                ProducerSettings.bufferBytes(producerSettings), ProducerSettings.batchBytes(producerSettings));
        KafkaReadiness readiness = new KafkaReadiness(KafkaClients.common(config), limits.readinessInterval(),
                limits.readinessTimeout());
        AtomicBoolean closing = new AtomicBoolean();
        ActiveRequests active = new ActiveRequests();
        metrics.bindGauges(writer::inFlight, readiness::ready);
        new ClassLoaderMetrics().bindTo(reg);
        new JvmMemoryMetrics().bindTo(reg);
        new JvmThreadMetrics().bindTo(reg);
        new ProcessorMetrics().bindTo(reg);
        new UptimeMetrics().bindTo(reg);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(reg);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(limits.eventLoops()));
        ObjectMapper json = new ObjectMapper();
        Replies replies = new Replies(json, limits.retryAfter());
        RejectionRecorder rejections = rejectionsEnabled() ? RejectionRecorder.start(config, reg) : null;
        if (rejections == null) {
            LOG.warn("event=rejections_off property={}=false: refused deliveries are not recorded", REJECTIONS_PROPERTY);
        }
        WebhookHandler webhooks = new WebhookHandler(vertx, clock, replies,
                new RawRecords(config.topics().raw()), writer, metrics, limits,
                config.ingress().kafkaTimeout(), json, rejections);
        Dispatcher dispatcher = new Dispatcher(endpoints::get, webhooks,
                new HealthHandler(replies, () -> readiness.ready() && !closing.get()),
                new MetricsHandler(vertx, replies, reg), replies, metrics, closing::get, active);

        List<HttpServer> servers = new CopyOnWriteArrayList<>();
        try {
            readiness.start();
            HttpServerOptions options = ServerOptions.of(config.ingress(), limits);
            // One server per event loop, all in one deployment: Vert.x binds once and shares the port
            // (also a random one, port 0) between the instances.
            await(vertx.deployVerticle(() -> new ServerVerticle(options, dispatcher, servers, closing::get, limits.headerTimeout()),
                    new DeploymentOptions().setInstances(limits.eventLoops())));
            LOG.debug("event=servers ports={}", servers.stream().map(HttpServer::actualPort).toList());
        } catch (RuntimeException e) {
            await(vertx.close());
            readiness.close();
            if (rejections != null) {
                rejections.close(Duration.ofSeconds(1));
            }
            writer.close(Duration.ofSeconds(1));
            gc.close();
            if (registry == null) {
                reg.close();
            }
            throw new IllegalStateException("ingress cannot listen on " + config.ingress().host() + ":"
                    + config.ingress().port() + ": " + e.getMessage(), e);
        }
        Ingress ingress = new Ingress(vertx, servers, writer, readiness, gc, registry == null ? reg : null,
                config.ingress().kafkaTimeout(), limits, closing, active, endpoints, clock, verifiers,
                TopicProvisioner.maxRecordBytes(config), rejections);
        LOG.info("event=listening host={} port={} tls={} sources={}", config.ingress().host(), ingress.port,
                config.ingress().tls() != null, config.sources().stream().map(SourceConfig::name).toList());
        return ingress;
    }

    /**
     * Live config: builds the endpoints of {@code next} (its sources, secrets, paths, body limits and
     * rate limits; verifiers included, so a secret a scheme refuses fails here and nothing changes)
     * and returns the switch to them. Requests in flight finish with the endpoint they started with.
     * Sources whose rate limit is unchanged keep their bucket. The listener settings (host, port,
     * TLS), Kafka and the raw topic are not read here: they need a restart.
     */
    @Override
    public Runnable prepare(SluiceConfig next) {
        if (TopicProvisioner.maxRecordBytes(next) > maxRecordBytes) {
            // the producer's max.request.size (and the raw topic's max.message.bytes) were sized at start:
            // a larger body could be accepted over HTTP and then refused by Kafka
            throw new ConfigException("ingress.max-body-bytes", "body limits above the start-up ones ("
                    + (maxRecordBytes - TopicProvisioner.RECORD_OVERHEAD_BYTES) + " bytes) need a restart");
        }
        Endpoints built = Endpoints.build(next, clock, verifiers, endpoints.get(), System::nanoTime);
        return () -> {
            endpoints.set(built);
            LOG.info("event=sources_reloaded sources={}", next.sources().stream().map(SourceConfig::name).toList());
        };
    }

    /** The bound port (the real one when the config says 0). */
    public int port() {
        return port;
    }

    /** True while listening, Kafka answers the readiness probe, and not shutting down. */
    public boolean ready() {
        return !closing.get() && readiness.ready();
    }

    /**
     * Graceful shutdown, bounded by about {@code kafka-timeout + body read timeout + 10 s}: new
     * requests get 503, requests in flight finish (their Kafka writes acknowledged or timed out),
     * then the producer is flushed and closed. Do not call from an event loop.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing.set(true);
        LOG.info("event=shutting_down port={} active_requests={} inflight_writes={}", port, active.count(),
                writer.inFlight());
        // New connections are closed and new requests answered 503 from now on; wait for the rest.
        Duration grace = kafkaTimeout.plus(limits.bodyReadTimeout()).plusSeconds(5);
        if (!active.awaitIdle(grace)) {
            LOG.warn("event=shutdown_grace_exceeded active_requests={}", active.count());
        }
        List<Future<Void>> stopping = new ArrayList<>();
        for (HttpServer s : servers) {
            stopping.add(s.shutdown(Duration.ofSeconds(1)));
        }
        try {
            Future.join(stopping).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("event=shutdown_incomplete error={}", e.getClass().getSimpleName());
        }
        writer.close(kafkaTimeout.plusSeconds(1));
        if (rejections != null) {
            rejections.close(Duration.ofSeconds(2));
        }
        readiness.close();
        try {
            await(vertx.close());
        } catch (RuntimeException e) {
            LOG.warn("event=vertx_close_failed error={}", e.getClass().getSimpleName());
        }
        gcMetrics.close();
        if (ownedRegistry != null) {
            ownedRegistry.close();
        }
        LOG.info("event=stopped port={}", port);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(LISTEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }
}
