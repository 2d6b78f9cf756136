package io.sluice.admin.replay;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The jobs topic ({@code <processor.application-id>-replay-jobs}, one partition, compacted): the
 * definition, state and progress of every replay job, keyed by job id, plus cancel requests keyed
 * {@code <job>/cancel}. A background thread reads it from the beginning with
 * {@code read_committed}, so every instance sees every job, and only committed progress.
 */
final class JobStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobStore.class);
    static final String CANCEL_SUFFIX = "/cancel";
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String topic;
    private final TopicPartition partition;
    private final Map<String, Object> clientProps;
    private final Admin admin;
    private final Map<String, JobState> jobs = new ConcurrentHashMap<>();
    private final Set<String> cancelRequests = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long position;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    JobStore(String topic, Map<String, Object> clientProps) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.clientProps = Map.copyOf(clientProps);
        this.admin = Admin.create(new HashMap<>(clientProps));
        this.reader = new Thread(this::read, "sluice-replay-jobs-reader");
        this.reader.setDaemon(true);
    }

    String topic() {
        return topic;
    }

    /** Creates the topic when missing: one partition (jobs are few; one order), compacted. */
    void ensureTopic(short replicationFactor, long timeoutSeconds) {
        try {
            if (admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, 1, replicationFactor)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get(timeoutSeconds, TimeUnit.SECONDS);
            LOG.info("Created replay jobs topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the replay jobs topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeoutSeconds
                    + " s while creating the replay jobs topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the replay jobs topic", e);
        }
    }

    void start() {
        reader.start();
    }

    Optional<JobState> get(String job) {
        return Optional.ofNullable(jobs.get(job));
    }

    Collection<JobState> all() {
        return List.copyOf(jobs.values());
    }

    boolean cancelRequested(String job) {
        return cancelRequests.contains(job);
    }

    /**
     * Waits until the reader has passed everything written to the topic so far: after this,
     * {@link #get} reflects every job update committed before the call. The target is the log end
     * offset, not the last stable offset: another job's open transaction would hold the LSO below
     * an update committed after it, and reading only to the LSO would miss that update.
     */
    void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = endOffset(deadline);
        while (position < target) {
            if (failure != null) {
                throw new IllegalStateException("the replay jobs reader stopped", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replay jobs topic " + topic + " was not read to offset "
                        + target + " within " + timeout);
            }
            sleep(20);
        }
    }

    /** The log end offset; retried while the topic is new and its metadata not yet everywhere. */
    private long endOffset(long deadline) {
        while (true) {
            try {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                        .partitionResult(partition).get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                                TimeUnit.MILLISECONDS).offset();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read the end of the replay jobs topic " + topic, e.getCause());
                }
                sleep(100);
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot read the end of the replay jobs topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the replay jobs topic", e);
            }
        }
    }

    /** The record that stores {@code state} (sent by the job's transactional producer). */
    ProducerRecord<byte[], byte[]> record(JobState state) {
        try {
            return new ProducerRecord<>(topic, 0, utf8(state.job()), JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode replay job " + state.job(), e);
        }
    }

    ProducerRecord<byte[], byte[]> cancelRecord(String job) {
        return new ProducerRecord<>(topic, 0, utf8(job + CANCEL_SUFFIX), utf8("{\"cancel\":true}"));
    }

    private void read() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, topic + "-reader");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            c.assign(List.of(partition));
            c.seekToBeginning(List.of(partition));
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
                position = c.position(partition);
            }
        } catch (WakeupException e) {
            // close()
        } catch (RuntimeException e) {
            if (!closed) {
                failure = e;
                LOG.error("The replay jobs reader stopped: replay progress is no longer followed", e);
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (key.endsWith(CANCEL_SUFFIX)) {
            String job = key.substring(0, key.length() - CANCEL_SUFFIX.length());
            if (r.value() == null) {
                cancelRequests.remove(job);
            } else {
                cancelRequests.add(job);
            }
            return;
        }
        if (r.value() == null) {
            jobs.remove(key);
            return;
        }
        try {
            JobState s = JSON.readValue(r.value(), JobState.class);
            jobs.merge(key, s, (old, now) -> now.revision() >= old.revision() ? now : old);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring an unreadable record of the replay jobs topic at offset {}", r.offset());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
