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
     * deliveries or outputs recorded (the dedupe store keeps only "seen"), lookups find no details. Default on; it exists to
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
    /** Finds outputs' offsets for event lookups (a pool of consumers, opened on first lookup). */
    private final io.sluice.processor.index.OffsetResolver resolver;
    /** The running Streams client (null until the topics exist). */
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile State state = State.CREATED;

    private final SluiceConfig config;

    private Processor(SluiceConfig config, boolean index, HealthServer http, PrometheusMeterRegistry registry,
                      EventOutputs outputs, ProcessorMetrics metrics) {
        this.config = config;
        this.index = index;
        this.outputs = outputs;
        this.metrics = metrics;
        this.http = http;
        this.registry = registry;
        this.resolver = new io.sluice.processor.index.OffsetResolver(config);
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
            LOG.warn("event=index_off property={}=false: no event details indexed", INDEX_PROPERTY);
        }
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

    /** Builds and starts the Streams client (under {@link #startLock}). */
    private void startClient() {
        KafkaStreams s = new KafkaStreams(SluiceTopology.build(config, metrics, outputs, index),
                StreamsProperties.of(config, metrics));
        s.setStateListener((next, previous) -> {
            state = next;
            LOG.info("Kafka Streams {} -> {}", previous, next);
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
        }
        streamsMetrics.close();
        return clean;
    }

    /**
     * Live config: creates the topics of new routes, then returns the switch to the routes and
     * sources of {@code next}; records processed after the switch are normalized and routed by them.
     * Topics are created first, so no record is ever routed to a topic that does not exist. The
     * event index needs nothing (it records topic names; offsets are found at lookup). The rest of the processor's settings (Kafka,
     * topics, application id, state dir, threads, dedupe window, port) are not read here: they need a
     * restart.
     */
    @Override
    public Runnable prepare(SluiceConfig next) {
        Runnable switchRules = outputs.prepare(next);
        TopicProvisioner.ensure(next, TOPIC_TIMEOUT_SECONDS);
        return () -> {
            metrics.registerAll(next.sources().stream().map(SourceConfig::name).toList(), outputTopics(next));
            switchRules.run();
            LOG.info("event=routes_reloaded routes={}", next.routes().stream().map(r -> r.topic()).toList());
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
        return (s != State.ERROR && s != State.PENDING_ERROR && s != State.NOT_RUNNING && !closed.get());
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
     * Event lookups (admin API) over this instance's partitions of the dedupe store, which is the
     * event index; calls throw Kafka's {@code InvalidStateStoreException} while Streams is not
     * RUNNING. Which instance holds an event: {@link #ownerOf}.
     */
    public io.sluice.processor.index.EventIndex eventIndex() {
        return new io.sluice.processor.index.EventIndex(() -> running().store(
                org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                        io.sluice.processor.index.EventIndex.STORE,
                        org.apache.kafka.streams.state.QueryableStoreTypes.<byte[], byte[]>windowStore())),
                resolver, config.topics().deadLetter());
    }

    /**
     * The admin API of the other instance whose active task holds {@code key}'s partition, or empty
     * when it is this one (or instances do not advertise their admin API: one instance, port 0).
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while not RUNNING (rebalancing)
     */
    public java.util.Optional<org.apache.kafka.streams.state.HostInfo> ownerOf(byte[] key) {
        KafkaStreams s = running();
        if (self().isEmpty()) {
            return java.util.Optional.empty();
        }
        org.apache.kafka.streams.KeyQueryMetadata m = s.queryMetadataForKey(io.sluice.processor.index.EventIndex.STORE,
                key, new org.apache.kafka.common.serialization.ByteArraySerializer());
        if (m == null || m.equals(org.apache.kafka.streams.KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new org.apache.kafka.streams.errors.InvalidStateStoreException("no metadata for the key yet (rebalancing)");
        }
        return m.activeHost().equals(self().get()) ? java.util.Optional.empty() : java.util.Optional.of(m.activeHost());
    }

    /** The admin APIs of the other instances of this application (empty: one instance, or not advertised). */
    public List<org.apache.kafka.streams.state.HostInfo> otherInstances() {
        KafkaStreams s = running();
        if (self().isEmpty()) {
            return List.of();
        }
        Set<org.apache.kafka.streams.state.HostInfo> hosts = new LinkedHashSet<>();
        for (org.apache.kafka.streams.StreamsMetadata m : s.metadataForAllStreamsClients()) {
            if (!m.hostInfo().equals(self().get())) {
                hosts.add(m.hostInfo());
            }
        }
        return List.copyOf(hosts);
    }

    private java.util.Optional<org.apache.kafka.streams.state.HostInfo> self() {
        return StreamsProperties.applicationServer(config).map(org.apache.kafka.streams.state.HostInfo::buildFromEndpoint);
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
        synchronized (startLock) {
            // a start under way finishes first; none begins after this (closed is set).
            // Leaving the group lets other instances take over this one's partitions at once.
            closeClient();
        }
        resolver.close();
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
