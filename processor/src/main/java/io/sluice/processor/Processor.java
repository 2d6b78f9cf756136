package io.sluice.processor;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigApplier;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.topics.TopicProvisioner;
import io.sluice.topics.TopicsInBackground;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running processor: Kafka Streams (exactly_once_v2) over {@link SluiceTopology}, plus health
 * and Prometheus metrics on {@code processor.port}. Ready only while Streams is RUNNING.
 * The health port listens at once, Kafka or not (live, not ready): the topics are checked and
 * created in the background and Streams starts once they are there, so a processor started while
 * Kafka is away answers its probes instead of refusing connections.
 *
 * <pre>{@code
 * Processor p = Processor.start(config);
 * p.awaitRunning(Duration.ofSeconds(60));
 * ...
 * p.close();
 * }</pre>
 */
public final class Processor implements AutoCloseable, ConfigApplier {
    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    static final long TOPIC_TIMEOUT_SECONDS = 60;

    /**
     * System property that turns the event index off ({@code -Dsluice.processor.index=false}): no
     * timelines, no read-back of the outputs, event lookups answer 503. Default on; it exists to
     * measure what the index costs ({@code bench/run --only ops}), not for production.
     */
    public static final String INDEX_PROPERTY = "sluice.processor.index";

    private final boolean index;
    private final HealthServer http;
    private final PrometheusMeterRegistry registry;
    private final EventOutputs outputs;
    private final ProcessorMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Held while Streams is started, so that {@link #close()} never races a start. */
    private final Object startLock = new Object();
    private volatile TopicsInBackground topics;
    /** Topics the index reads back: the start-up config's, plus those live reloads added (never fewer). */
    private final Set<String> readBack;
    /** Rebuilds the Streams client when a reload adds a topic to read back (one at a time, off the reload). */
    private final ExecutorService widener;
    /** The running Streams client (null until the topics exist); replaced by {@link #widen}. */
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile State state = State.CREATED;
    private volatile boolean restarting;

    private final SluiceConfig config;

    private Processor(SluiceConfig config, boolean index, HealthServer http, PrometheusMeterRegistry registry,
                      EventOutputs outputs, ProcessorMetrics metrics) {
        this.config = config;
        this.index = index;
        this.outputs = outputs;
        this.metrics = metrics;
        this.http = http;
        this.registry = registry;
        this.readBack = new LinkedHashSet<>(SluiceTopology.readBackTopics(config));
        this.widener = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-index-widen");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether the event index is on ({@link #INDEX_PROPERTY}, default true). */
    public static boolean indexEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty(INDEX_PROPERTY, "true").trim());
    }

    /**
     * Starts the health/metrics server, and in the background creates missing topics (retrying while
     * Kafka is away) and then starts Kafka Streams; returns at once. {@link #awaitRunning(Duration)}
     * waits for the first RUNNING state.
     */
    public static Processor start(SluiceConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessorMetrics metrics = new ProcessorMetrics(registry);
        metrics.registerAll(config.sources().stream().map(SourceConfig::name).toList(), outputTopics(config));
        EventOutputs outputs = new EventOutputs(config);
        boolean index = indexEnabled();
        if (!index) {
            LOG.warn("event=index_off property={}=false: no event timelines, lookups answer 503", INDEX_PROPERTY);
        }
        GlobalStoreGuard.beforeStart(config.processor().stateDir(), config.processor().applicationId());
        Processor[] self = new Processor[1];
        HealthServer http;
        try {
            http = new HealthServer("0.0.0.0", config.processor().port(),
                    () -> self[0] != null && self[0].live(), () -> self[0] != null && self[0].ready(), registry);
        } catch (IOException e) {
            registry.close();
            throw new UncheckedIOException("cannot listen on processor.port " + config.processor().port(), e);
        }
        Processor p = new Processor(config, index, http, registry, outputs, metrics);
        self[0] = p;
        p.topics = TopicsInBackground.start(config, () -> p.startStreams(config));
        LOG.info("Processor health and metrics on port {}; Kafka Streams starts once the topics are there", http.port());
        return p;
    }

    /** Runs on the topic thread once the topics exist (or are someone else's to create). */
    private void startStreams(SluiceConfig config) {
        synchronized (startLock) {
            if (closed.get()) {
                return;
            }
            startClient();
        }
        LOG.info("Processor reading {} (application.id {}), health and metrics on port {}",
                config.topics().raw(), config.processor().applicationId(), http.port());
    }

    /**
     * Builds and starts a Streams client over the topology with the current read-back topics
     * (under {@link #startLock}).
     */
    private void startClient() {
        KafkaStreams s = new KafkaStreams(SluiceTopology.build(config, metrics, outputs, index, Set.copyOf(readBack)),
                StreamsProperties.of(config, metrics));
        // only the current client's states count: the one a widening closes must not say NOT_RUNNING
        s.setStateListener((next, previous) -> {
            if (streams == s) {
                state = next;
                LOG.info("Kafka Streams {} -> {}", previous, next);
            }
        });
        // Poison records are dead-lettered by DeadLetterHandler; what reaches here is a broken
        // environment (Kafka unreachable for long, fenced, corrupt state): stop, /health/live says so.
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("Kafka Streams thread failed; shutting the processor's Streams client down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        KafkaStreamsMetrics m = new KafkaStreamsMetrics(s);
        m.bindTo(registry);
        streamsMetrics = m;
        streams = s;
        s.start();
    }

    /** Closes the running client (committing its open transaction, leaving the group); true when clean. */
    private boolean closeClient() {
        KafkaStreams s = streams;
        if (s == null) {
            return true;
        }
        boolean clean = s.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!clean) {
            LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
        } else {
            GlobalStoreGuard.afterCleanClose(config.processor().stateDir(), config.processor().applicationId());
        }
        streamsMetrics.close();
        return clean;
    }

    /**
     * Adds {@code wanted} to the topics the index reads back; when that adds any, closes the Streams
     * client (which commits its open transaction: exactly once is kept) and starts a new one over the
     * wider topology, with the same application id and state directory. A topic new to the
     * application has no committed offset, so the new client reads it from its first record
     * ({@code auto.offset.reset} earliest): no output routed there before the switch is missed.
     * Removed routes stay read (harmless) until the next restart. Before the first start (topics
     * still being created) the first client simply starts with the wider set.
     */
    void widen(Set<String> wanted) {
        synchronized (startLock) {
            if (closed.get() || readBack.containsAll(wanted)) {
                return;
            }
            Set<String> added = new LinkedHashSet<>(wanted);
            added.removeAll(readBack);
            readBack.addAll(added);
            if (streams == null) {
                return;
            }
            LOG.info("event=index_read_back_widened added={} (restarting the Streams client)", added);
            restarting = true;
            try {
                closeClient();
                GlobalStoreGuard.beforeStart(config.processor().stateDir(), config.processor().applicationId());
                state = State.CREATED;
                startClient();
            } catch (RuntimeException e) {
                LOG.error("event=index_widen_failed error={}", e.getClass().getName(), e);
                state = State.ERROR;
            } finally {
                restarting = false;
            }
        }
    }

    /** The topics the event index reads back now (start-up config plus live-added routes). */
    public Set<String> indexedTopics() {
        synchronized (startLock) {
            return Set.copyOf(readBack);
        }
    }

    /**
     * Live config: creates the topics of new routes, then returns the switch to the routes and
     * sources of {@code next}; records processed after the switch are normalized and routed by them.
     * Topics are created first, so no record is ever routed to a topic that does not exist. When
     * {@code next} routes to a topic the event index does not read back yet, the switch also has the
     * Streams client rebuilt with that topic added ({@link #widen}, in the background): its outputs
     * are then indexed from the topic's first record. The rest of the processor's settings (Kafka,
     * topics, application id, state dir, threads, dedupe window, port) are not read here: they need a
     * restart.
     */
    @Override
    public Runnable prepare(SluiceConfig next) {
        Runnable switchRules = outputs.prepare(next);
        TopicProvisioner.ensure(next, TOPIC_TIMEOUT_SECONDS);
        Set<String> wanted = SluiceTopology.readBackTopics(next);
        return () -> {
            metrics.registerAll(next.sources().stream().map(SourceConfig::name).toList(), outputTopics(next));
            switchRules.run();
            LOG.info("event=routes_reloaded routes={}", next.routes().stream().map(r -> r.topic()).toList());
            if (index) {
                widener.execute(() -> widen(wanted));
            }
        };
    }

    /** The default topic and every route's topic, once each. */
    private static List<String> outputTopics(SluiceConfig config) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(config.topics().defaultTopic());
        config.routes().forEach(r -> topics.add(r.topic()));
        return List.copyOf(topics);
    }

    /** True only while Kafka Streams is RUNNING. */
    public boolean ready() {
        return state == State.RUNNING;
    }

    /** False once Streams failed or was closed: the process should be restarted. */
    public boolean live() {
        State s = state;
        return restarting || (s != State.ERROR && s != State.PENDING_ERROR && s != State.NOT_RUNNING && !closed.get());
    }

    /**
     * Waits until Streams is RUNNING.
     *
     * @throws IllegalStateException when it does not get there within {@code timeout} or fails
     */
    public void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!live()) {
                throw new IllegalStateException("Kafka Streams stopped in state " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after " + timeout + " (state "
                        + state + ")", new TimeoutException());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka Streams", e);
            }
        }
    }

    /** The bound health/metrics port (the configured one, or the ephemeral one for port 0). */
    public int port() {
        return http.port();
    }

    /**
     * Event lookups (admin API) over this instance's copy of the global index store; calls throw
     * Kafka's {@code InvalidStateStoreException} while Streams is not RUNNING.
     */
    public io.sluice.processor.index.EventIndex eventIndex() {
        return new io.sluice.processor.index.EventIndex(() -> running().store(
                org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                        io.sluice.processor.index.EventIndex.STORE,
                        org.apache.kafka.streams.state.QueryableStoreTypes.<byte[], byte[]>keyValueStore())));
    }

    private KafkaStreams running() {
        KafkaStreams s = streams;
        if (s == null) {
            throw new org.apache.kafka.streams.errors.InvalidStateStoreException("Kafka Streams has not started yet");
        }
        return s;
    }

    /** The Kafka Streams state, for logs and tests. */
    public State state() {
        return state;
    }

    /**
     * The normalization, routing and output records the topology uses, swapped in place by a live
     * reload: replay calls it so that replayed events follow the current rules too.
     */
    public EventOutputs outputs() {
        return outputs;
    }

    /** The processor's Prometheus registry (served on {@code processor.port}). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Stops Streams within 30 s (committing the open transaction and leaving the consumer group),
     * then the HTTP server. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        TopicsInBackground t = topics;
        if (t != null) {
            t.close();
        }
        widener.shutdown();
        synchronized (startLock) {
            // a start or widening under way finishes first; none begins after this (closed is set).
            // Leaving the group lets other instances take over this one's partitions at once.
            closeClient();
        }
        http.close();
        registry.close();
        LOG.info("Processor stopped");
    }

    /** Runs the processor until the JVM is asked to stop (the CLI calls this for `sluice processor`). */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Processor CONFIG_FILE");
            System.exit(2);
        }
        Processor p = start(io.sluice.config.ConfigLoader.load(java.nio.file.Path.of(args[0])));
        Runtime.getRuntime().addShutdownHook(new Thread(p::close, "sluice-processor-shutdown"));
    }
}
