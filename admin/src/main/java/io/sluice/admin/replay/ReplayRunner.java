package io.sluice.admin.replay;

import io.sluice.processor.EventOutputs;
import io.sluice.processor.Normalization;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one replay job on one thread: reads the job's raw-topic offsets from its committed positions
 * to its fixed end offsets, and per batch writes, in one Kafka transaction, the outputs and the job's
 * new state (positions and counters). A crash loses at most the open transaction, which the broker
 * aborts; the resumed job starts from the committed positions, so every output is written once.
 */
final class ReplayRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayRunner.class);
    /** Marks every record a replay writes: {@code sluice.replay-job: <job>}. */
    static final String REPLAY_JOB_HEADER = "sluice.replay-job";
    private static final int MAX_CONSECUTIVE_FAILURES = 5;

    private final String job;
    private final ReplayClients clients;
    private final JobStore store;
    private final Supplier<EventOutputs> outputs;
    private final String rawTopic;
    private final ReplaySettings settings;
    private final Clock clock;
    private final Consumer<JobState> committed;
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile boolean halted;
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private JobState state;
    private int failures;

    /**
     * @param producer  an initialized transactional producer holding the job's just-committed
     *                  definition {@code state}; null to resume: the runner fences any zombie and
     *                  reads the job's last committed state itself
     * @param committed told every committed state (the engine's local view)
     */
    ReplayRunner(String job, KafkaProducer<byte[], byte[]> producer, JobState state, ReplayClients clients,
                 JobStore store, Supplier<EventOutputs> outputs, String rawTopic, ReplaySettings settings,
                 Clock clock, Consumer<JobState> committed) {
        this.job = job;
        this.producer = producer;
        this.state = state;
        this.clients = clients;
        this.store = store;
        this.outputs = outputs;
        this.rawTopic = rawTopic;
        this.settings = settings;
        this.clock = clock;
        this.committed = committed;
    }

    String job() {
        return job;
    }

    /** Asks the job to stop at its next batch boundary with state {@code cancelled}. */
    void cancel() {
        cancel.set(true);
    }

    /** Asks the job to stop at its next batch boundary, leaving it {@code running}: it resumes on restart. */
    void stop() {
        stop.set(true);
    }

    /** Tests: stop at once as a killed process would, leaving the open transaction to the broker. */
    void halt() {
        halted = true;
        stop.set(true);
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ZERO);
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        if (stop.get()) {
            return; // the engine closed while this job waited for a thread
        }
        try {
            if (producer == null && !resume()) {
                return;
            }
            while (state.state() == JobStatus.RUNNING && !stop.get()) {
                try {
                    replay();
                } catch (KafkaException e) {
                    if (fenced(e) || halted || ++failures >= MAX_CONSECUTIVE_FAILURES) {
                        throw e;
                    }
                    // Whether the failed transaction committed is unknown (a commit can time out after
                    // the broker took it): start over the way a restarted process does, from what the
                    // jobs topic says was committed.
                    LOG.warn("Replay job {}: transaction failed ({}); resuming from the last committed state",
                            job, e.getClass().getSimpleName());
                    sleep(500L * failures);
                    if (!resume()) {
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            if (halted) {
                return;
            }
            if (fenced(e)) {
                // another process resumed this job (its producer has our transactional.id): it owns it now
                LOG.info("Replay job {}: taken over by another instance; stopping here", job);
                return;
            }
            LOG.error("Replay job {} failed", job, e);
            markFailed(e);
        } finally {
            KafkaProducer<byte[], byte[]> p = producer;
            if (p != null && !halted) {
                p.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Fences any earlier producer of this job, then reads its last committed state; false when nothing is left to do. */
    private boolean resume() {
        KafkaProducer<byte[], byte[]> old = producer;
        if (old != null) {
            old.close(Duration.ZERO); // its open transaction is aborted by the next initTransactions
        }
        producer = clients.transactionalProducer(job);
        producer.initTransactions();
        store.awaitCaughtUp(settings.kafkaTimeout());
        JobState latest = store.get(job).orElse(null);
        if (latest == null || latest.state().terminal()) {
            return false;
        }
        state = latest;
        committed.accept(latest);
        LOG.info("Replay job {}: resuming at {} of {} raw records", job, latest.done(), latest.total());
        return true;
    }

    private void replay() {
        ReplayFilter filter = ReplayFilter.of(state);
        KeySet seen = new KeySet();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(job)) {
            consumer = c;
            rememberWritten(c, filter, seen);
            assignUnfinished(c);
            long startNanos = System.nanoTime();
            long read = 0;
            while (state.state() == JobStatus.RUNNING) {
                if (stop.get()) {
                    return;
                }
                if (cancel.get() || store.cancelRequested(job)) {
                    commit(state.withState(JobStatus.CANCELLED, null, clock.instant()), List.of());
                    LOG.info("Replay job {} cancelled at {} of {} raw records", job, state.done(), state.total());
                    return;
                }
                Batch batch = new Batch();
                var records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    PartitionRange range = range(r.partition());
                    if (r.offset() < range.end()) {
                        process(r, filter, seen, batch);
                    }
                }
                read += records.count();
                Map<Integer, Long> positions = new HashMap<>();
                for (TopicPartition tp : c.assignment()) {
                    positions.put(tp.partition(), c.position(tp));
                }
                JobState next = state.advance(positions, batch.matched, batch.outputs.size(), batch.duplicates,
                        batch.rejected, clock.instant());
                if (next.done() == state.done() && batch.outputs.isEmpty() && next.state() == state.state()) {
                    continue;
                }
                commit(next, batch.outputs);
                assignUnfinished(c);
                throttle(startNanos, read);
            }
            LOG.info("Replay job {} {}: {} raw records read, {} matched, {} written", job, state.state().id(),
                    state.done(), state.matched(), state.written());
        } finally {
            consumer = null;
        }
    }

    /** One transaction: the outputs and the job's new state, or neither. */
    private void commit(JobState next, List<ProducerRecord<byte[], byte[]>> out) {
        producer.beginTransaction();
        for (ProducerRecord<byte[], byte[]> r : out) {
            producer.send(r);
        }
        producer.send(store.record(next));
        producer.commitTransaction();
        failures = 0;
        state = next;
        committed.accept(next);
    }

    private void process(ConsumerRecord<byte[], byte[]> r, ReplayFilter filter, KeySet seen, Batch batch) {
        if (!filter.matches(r.timestamp(), r.headers())) {
            return;
        }
        batch.matched++;
        if (r.key() != null) {
            long hash = KeySet.hash(r.key());
            if (!seen.addHash(hash)) {
                batch.duplicates++;
                return;
            }
        }
        EventOutputs rules = outputs.get();
        Normalization n;
        try {
            n = rules.normalize(r.key(), r.value(), r.headers());
        } catch (RuntimeException e) {
            n = null;
        }
        if (!(n instanceof Normalization.Normalized ok)) {
            batch.rejected++;
            return;
        }
        List<EventOutputs.OutputRecord> records = state.mode() == ReplayMode.REDELIVER
                ? rules.routed(r.key(), ok, r.headers())
                : List.of(rules.record(state.topic(), r.key(), ok, r.headers()));
        byte[] marker = job.getBytes(StandardCharsets.UTF_8);
        for (EventOutputs.OutputRecord o : records) {
            o.headers().remove(REPLAY_JOB_HEADER);
            o.headers().add(REPLAY_JOB_HEADER, marker);
            batch.outputs.add(new ProducerRecord<>(o.topic(), null, o.key(), o.value(), o.headers()));
        }
    }

    /**
     * After a restart, the keys written before the crash are rebuilt by reading the already-committed
     * part of the range again (read only): which keys a job wrote is a function of its input.
     */
    private void rememberWritten(KafkaConsumer<byte[], byte[]> c, ReplayFilter filter, KeySet seen) {
        Map<TopicPartition, PartitionRange> started = new HashMap<>();
        for (PartitionRange p : state.partitions()) {
            if (p.position() > p.start()) {
                started.put(new TopicPartition(rawTopic, p.partition()), p);
            }
        }
        if (started.isEmpty()) {
            return;
        }
        c.assign(started.keySet());
        started.forEach((tp, p) -> c.seek(tp, p.start()));
        while (!started.isEmpty() && !stop.get()) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                PartitionRange p = started.get(new TopicPartition(r.topic(), r.partition()));
                if (p != null && r.offset() < p.position() && r.key() != null
                        && filter.matches(r.timestamp(), r.headers())) {
                    seen.addHash(KeySet.hash(r.key()));
                }
            }
            started.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue().position());
            c.assign(started.keySet());
        }
    }

    private void assignUnfinished(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> open = new ArrayList<>();
        for (PartitionRange p : state.partitions()) {
            if (!p.finished()) {
                open.add(new TopicPartition(rawTopic, p.partition()));
            }
        }
        boolean fresh = !c.assignment().containsAll(open) || c.assignment().size() != open.size();
        if (fresh) {
            c.assign(open);
            seekToCommitted(c);
        }
    }

    private void seekToCommitted(KafkaConsumer<byte[], byte[]> c) {
        for (TopicPartition tp : c.assignment()) {
            c.seek(tp, range(tp.partition()).position());
        }
    }

    private PartitionRange range(int partition) {
        return state.partitions().stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new IllegalStateException("partition " + partition + " is not in job " + job));
    }

    /** Keeps the job's average read rate at or under {@code maxRecordsPerSecond}. */
    private void throttle(long startNanos, long read) {
        if (settings.maxRecordsPerSecond() <= 0) {
            return;
        }
        long dueNanos = startNanos + read * 1_000_000_000L / settings.maxRecordsPerSecond();
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            sleep(wait / 1_000_000);
        }
    }

    private void markFailed(RuntimeException cause) {
        try {
            abortQuietly();
            commit(state.withState(JobStatus.FAILED, cause.getClass().getSimpleName(), clock.instant()), List.of());
        } catch (RuntimeException e) {
            // Kafka is away: the stored state stays "running" and the job resumes when the process restarts
            LOG.warn("Replay job {}: cannot store the failed state ({})", job, e.toString());
            committed.accept(state.withState(JobStatus.FAILED, cause.getClass().getSimpleName(), clock.instant()));
        }
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            // nothing open, or the producer is unusable: either way nothing of the batch was committed
        }
    }

    static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof TransactionalIdAuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
    }

    /** What one poll produced, before it is committed. */
    private static final class Batch {
        final List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        long matched;
        long duplicates;
        long rejected;
    }
}
