package io.sluice.admin.replay;

import io.sluice.admin.replay.ReplayError.Code;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.EventOutputs;
import io.sluice.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Replay jobs, Kafka-native: definitions, progress and cancel requests live in the jobs topic
 * ({@link JobStore}); each job runs on one of {@link ReplaySettings#maxConcurrentJobs()} threads
 * ({@link ReplayRunner}) with a transactional producer whose {@code transactional.id} is derived from
 * the job id. At start the engine resumes every job the jobs topic says is still running.
 *
 * <pre>{@code
 * ReplayEngine engine = ReplayEngine.start(config, () -> new EventOutputs(config), ReplaySettings.DEFAULTS);
 * engine.submit(request);   // Created, Existing or Refused
 * engine.get("job-1");      // progress
 * engine.cancel("job-1");
 * engine.close();           // running jobs stay "running" and resume at the next start
 * }</pre>
 */
public final class ReplayEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayEngine.class);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final SluiceConfig config;
    private final Supplier<EventOutputs> outputs;
    private final ReplaySettings settings;
    private final Clock clock;
    private final ReplayClients clients;
    private final JobStore store;
    private final Admin admin;
    private final ExecutorService threads;
    private final Map<String, ReplayRunner> active = new ConcurrentHashMap<>();
    private final Map<String, JobState> local = new ConcurrentHashMap<>();
    private final Object submitLock = new Object();
    private volatile KafkaProducer<byte[], byte[]> control;
    private volatile boolean closed;

    private ReplayEngine(SluiceConfig config, Supplier<EventOutputs> outputs, ReplaySettings settings, Clock clock) {
        this.config = config;
        this.outputs = outputs;
        this.settings = settings;
        this.clock = clock;
        this.clients = new ReplayClients(config, settings.batchSize());
        this.store = new JobStore(clients.jobsTopic(), clients.common());
        this.admin = Admin.create(clients.common());
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(settings.maxConcurrentJobs(), r -> {
            Thread t = new Thread(r, "sluice-replay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the jobs topic when missing, reads it to the end and resumes the jobs still running.
     *
     * @param outputs the processor's current normalization and routing (called per record, so a
     *                reloaded config applies from the next record)
     */
    public static ReplayEngine start(SluiceConfig config, Supplier<EventOutputs> outputs, ReplaySettings settings) {
        return start(config, outputs, settings, Clock.systemUTC());
    }

    static ReplayEngine start(SluiceConfig config, Supplier<EventOutputs> outputs, ReplaySettings settings,
                              Clock clock) {
        ReplayEngine engine = new ReplayEngine(config, outputs, settings, clock);
        try {
            engine.store.ensureTopic(config.topics().replicationFactor(), settings.kafkaTimeout().toSeconds());
            engine.store.start();
            engine.store.awaitCaughtUp(settings.kafkaTimeout());
            engine.resumeRunning();
            return engine;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** The jobs topic's name: {@code <processor.application-id>-replay-jobs}. */
    public String jobsTopic() {
        return store.topic();
    }

    /** The outcome of {@link #submit}: errors as data. */
    public sealed interface Submitted {
        /** A new job, defined and started. */
        record Created(JobState job) implements Submitted {
        }

        /** The job id was known: nothing new started. */
        record Existing(JobState job) implements Submitted {
        }

        record Refused(ReplayError error) implements Submitted {
        }
    }

    /**
     * Starts a job, unless one with the same id exists (then nothing new starts). Blocks for a few
     * Kafka round trips (offsets of the range, the definition's transaction): call it off the event loop.
     */
    public Submitted submit(ReplayRequest request) {
        synchronized (submitLock) {
            if (closed) {
                return new Submitted.Refused(ReplayError.of(Code.UNAVAILABLE, "replay is shutting down"));
            }
            Optional<JobState> existing = get(request.job());
            if (existing.isPresent()) {
                return new Submitted.Existing(existing.get());
            }
            if (active.size() >= settings.maxConcurrentJobs()) {
                return new Submitted.Refused(ReplayError.of(Code.TOO_MANY_JOBS, "at most "
                        + settings.maxConcurrentJobs() + " replay jobs run at once; wait for one to finish"));
            }
            if (request.topic() != null) {
                ensureTopic(request.topic());
            }
            JobState definition = JobState.start(request, ranges(request), clock.instant());
            KafkaProducer<byte[], byte[]> producer = clients.transactionalProducer(request.job());
            try {
                // fences any other instance defining the same id right now; then the store is authoritative
                producer.initTransactions();
                store.awaitCaughtUp(settings.kafkaTimeout());
                Optional<JobState> raced = store.get(request.job());
                if (raced.isPresent()) {
                    producer.close(Duration.ofSeconds(5));
                    return new Submitted.Existing(raced.get());
                }
                producer.beginTransaction();
                producer.send(store.record(definition));
                producer.commitTransaction();
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            local.put(definition.job(), definition);
            LOG.info("Replay job {} started: {} {}..{}, {} raw records in range", definition.job(),
                    definition.mode().id(), request.from(), request.to(), definition.total());
            if (definition.state().terminal()) {
                producer.close(Duration.ofSeconds(5));
            } else {
                launch(new ReplayRunner(definition.job(), producer, definition, clients, store, outputs,
                        config.topics().raw(), settings, clock, this::committed));
            }
            return new Submitted.Created(definition);
        }
    }

    /** The job's latest state: this instance's own runner's, or the jobs topic's, whichever is newer. */
    public Optional<JobState> get(String job) {
        JobState mine = local.get(job);
        JobState stored = store.get(job).orElse(null);
        if (mine == null) {
            return Optional.ofNullable(stored);
        }
        return Optional.of(stored == null || mine.revision() >= stored.revision() ? mine : stored);
    }

    /** Every known job, newest first. */
    public List<JobState> list() {
        Map<String, JobState> all = new HashMap<>();
        store.all().forEach(s -> all.put(s.job(), s));
        local.keySet().forEach(job -> get(job).ifPresent(s -> all.put(job, s)));
        List<JobState> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparingLong(JobState::createdAt).reversed());
        return out;
    }

    /**
     * Cancels a running job: the request is stored first (so a job resumed after a crash still stops),
     * then the job stops at its next batch boundary. Waits up to 10 s for the state to say so; a
     * finished job is returned as it is.
     */
    public Optional<JobState> cancel(String job) {
        Optional<JobState> current = get(job);
        if (current.isEmpty() || current.get().state().terminal()) {
            return current;
        }
        try {
            controlProducer().send(store.cancelRecord(job)).get(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store the cancel request of replay job " + job, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling replay job " + job, e);
        }
        ReplayRunner runner = active.get(job);
        if (runner != null) {
            runner.cancel();
        }
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        while (System.nanoTime() < deadline && get(job).map(s -> !s.state().terminal()).orElse(false)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return get(job);
    }

    private void committed(JobState state) {
        local.put(state.job(), state);
    }

    private void resumeRunning() {
        for (JobState s : store.all()) {
            if (!s.state().terminal()) {
                launch(new ReplayRunner(s.job(), null, null, clients, store, outputs, config.topics().raw(),
                        settings, clock, this::committed));
            }
        }
    }

    private void launch(ReplayRunner runner) {
        active.put(runner.job(), runner);
        threads.execute(() -> {
            try {
                runner.run();
            } finally {
                active.remove(runner.job(), runner);
            }
        });
    }

    /** Per raw partition: {@code [first offset at or after from, first offset at or after to)}, fixed now. */
    private List<PartitionRange> ranges(ReplayRequest request) {
        String raw = config.topics().raw();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(request.job() + "-offsets")) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(raw, settings.kafkaTimeout())) {
                partitions.add(new TopicPartition(raw, p.partition()));
            }
            c.assign(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, settings.kafkaTimeout());
            Map<TopicPartition, Long> fromQuery = new HashMap<>();
            Map<TopicPartition, Long> toQuery = new HashMap<>();
            partitions.forEach(tp -> {
                fromQuery.put(tp, request.from().toEpochMilli());
                toQuery.put(tp, request.to().toEpochMilli());
            });
            Map<TopicPartition, OffsetAndTimestamp> from = c.offsetsForTimes(fromQuery, settings.kafkaTimeout());
            Map<TopicPartition, OffsetAndTimestamp> to = c.offsetsForTimes(toQuery, settings.kafkaTimeout());
            List<PartitionRange> ranges = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                long last = end.get(tp);
                long stop = to.get(tp) == null ? last : Math.min(last, to.get(tp).offset());
                long start = from.get(tp) == null ? last : Math.min(stop, from.get(tp).offset());
                ranges.add(new PartitionRange(tp.partition(), start, stop, start));
            }
            ranges.sort(Comparator.comparingInt(PartitionRange::partition));
            return ranges;
        }
    }

    /** renormalize's topic: created like Sluice's own topics when missing. */
    private void ensureTopic(String topic) {
        try {
            if (admin.listTopics().names().get(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, config.topics().partitions(),
                            config.topics().replicationFactor())
                            .configs(Map.of("max.message.bytes", String.valueOf(TopicProvisioner.maxRecordBytes(config))))))
                    .all().get(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    private KafkaProducer<byte[], byte[]> controlProducer() {
        synchronized (submitLock) {
            if (control == null) {
                control = clients.plainProducer();
            }
            return control;
        }
    }

    /** Tests: stops every job at once, as a killed process would (open transactions left to the broker). */
    void halt() {
        if (closed) {
            return;
        }
        closed = true;
        active.values().forEach(ReplayRunner::halt);
        shutdown();
    }

    /**
     * Stops the running jobs at their next batch boundary without changing their state: they stay
     * {@code running} in the jobs topic and resume when an engine starts again.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        active.values().forEach(ReplayRunner::stop);
        shutdown();
    }

    private void shutdown() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Replay jobs did not stop within 30 s");
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.shutdownNow();
        }
        KafkaProducer<byte[], byte[]> c = control;
        if (c != null) {
            c.close(Duration.ofSeconds(5));
        }
        store.close();
        admin.close(Duration.ofSeconds(5));
    }
}
