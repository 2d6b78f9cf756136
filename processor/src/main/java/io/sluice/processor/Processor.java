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

    private final KafkaStreams streams;
    private final HealthServer http;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final EventOutputs outputs;
    private final ProcessorMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Held while Streams is started, so that {@link #close()} never races a start. */
    private final Object startLock = new Object();
    private volatile TopicsInBackground topics;
    private volatile State state = State.CREATED;

    private final SluiceConfig config;

    private Processor(SluiceConfig config, KafkaStreams streams, HealthServer http, KafkaStreamsMetrics streamsMetrics,
                      PrometheusMeterRegistry registry, EventOutputs outputs, ProcessorMetrics metrics) {
        this.config = config;
        this.outputs = outputs;
        this.metrics = metrics;
        this.streams = streams;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
        this.registry = registry;
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
        GlobalStoreGuard.beforeStart(config.processor().stateDir(), config.processor().applicationId());
        KafkaStreams streams = new KafkaStreams(SluiceTopology.build(config, metrics, outputs),
                StreamsProperties.of(config, metrics));
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Processor[] self = new Processor[1];
        HealthServer http;
        try {
            http = new HealthServer("0.0.0.0", config.processor().port(),
                    () -> self[0] != null && self[0].live(), () -> self[0] != null && self[0].ready(), registry);
        } catch (IOException e) {
            streamsMetrics.close();
            streams.close(Duration.ZERO);
            throw new UncheckedIOException("cannot listen on processor.port " + config.processor().port(), e);
        }
        Processor p = new Processor(config, streams, http, streamsMetrics, registry, outputs, metrics);
        self[0] = p;
        streams.setStateListener((next, previous) -> {
            p.state = next;
            LOG.info("Kafka Streams {} -> {}", previous, next);
        });
        // Poison records are dead-lettered by DeadLetterHandler; what reaches here is a broken
        // environment (Kafka unreachable for long, fenced, corrupt state): stop, /health/live says so.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Kafka Streams thread failed; shutting the processor's Streams client down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
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
            streams.start();
        }
        LOG.info("Processor reading {} (application.id {}), health and metrics on port {}",
                config.topics().raw(), config.processor().applicationId(), http.port());
    }

    /**
     * Live config: creates the topics of new routes, then returns the switch to the routes and
     * sources of {@code next}; records processed after the switch are normalized and routed by them.
     * Topics are created first, so no record is ever routed to a topic that does not exist. The
     * rest of the processor's settings (Kafka, topics, application id, state dir, threads, dedupe
     * window, port) are not read here: they need a restart.
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
        return s != State.ERROR && s != State.PENDING_ERROR && s != State.NOT_RUNNING && !closed.get();
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
        return new io.sluice.processor.index.EventIndex(() -> streams.store(
                org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                        io.sluice.processor.index.EventIndex.STORE,
                        org.apache.kafka.streams.state.QueryableStoreTypes.<byte[], byte[]>keyValueStore())));
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
            // a start under way finishes first; none begins after this (closed is set)
        }
        // leave the group so that other instances take over this one's partitions at once
        boolean clean = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!clean) {
            LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
        } else {
            GlobalStoreGuard.afterCleanClose(config.processor().stateDir(), config.processor().applicationId());
        }
        streamsMetrics.close();
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
