package io.sluice.testkit;

import io.sluice.kafka.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * JUnit 5 extension that gives a test class one real Kafka broker (embedded KRaft, on a free
 * loopback port), shared by all its test methods and deleted afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBroker KAFKA = new KafkaBroker();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 *
 * The broker can be stopped and started again inside a test ({@link #stopBroker()},
 * {@link #restartBroker()}) to exercise outages; it comes back on the same port with its data.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    /**
     * Which broker the tests get: {@code embedded} (default: the in-process KRaft broker) or
     * {@code container} ({@code apache/kafka} under Testcontainers, for machines with Docker Hub), or
     * {@code container:IMAGE}. Read from the system property {@code sluice.test.kafka}, else the
     * environment variable {@code SLUICE_TEST_KAFKA}.
     */
    public static final String SWITCH = "sluice.test.kafka";
    /** The image of {@code container} mode: the Kafka version of the embedded broker and of docker-compose.yml. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

    private Backend backend;

    /** What the tests need of a broker, embedded or in a container. */
    interface Backend extends AutoCloseable {
        String bootstrapServers();

        void stop();

        void start();

        @Override
        void close();
    }

    private record Embedded(EmbeddedKafka kafka) implements Backend {
        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        public void stop() {
            kafka.stop();
        }

        public void start() {
            kafka.start();
        }

        public void close() {
            kafka.close();
        }
    }

    /** The chosen mode and image, from {@link #SWITCH} (null image: embedded). */
    static String containerImage(String setting) {
        if (setting == null || setting.isBlank() || setting.equals("embedded")) {
            return null;
        }
        if (setting.equals("container")) {
            return DEFAULT_IMAGE;
        }
        if (setting.startsWith("container:")) {
            return setting.substring("container:".length());
        }
        throw new IllegalArgumentException(SWITCH + " must be embedded, container or container:IMAGE, not " + setting);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (backend == null) {
            String setting = System.getProperty(SWITCH, System.getenv("SLUICE_TEST_KAFKA"));
            String image = containerImage(setting);
            backend = image == null ? new Embedded(EmbeddedKafka.ephemeral().start()) : ContainerKafka.start(image);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** {@code host:port} of the running broker. */
    public String bootstrapServers() {
        return backend().bootstrapServers();
    }

    /** The embedded broker itself (for tests that need its internals); not available in container mode. */
    public EmbeddedKafka broker() {
        if (backend() instanceof Embedded e) {
            return e.kafka();
        }
        throw new IllegalStateException("this test needs the embedded broker (" + SWITCH + "=embedded)");
    }

    private Backend backend() {
        if (backend == null) {
            throw new IllegalStateException("KafkaBroker is used outside of its test class");
        }
        return backend;
    }

    /** Stops the broker: clients see it as unreachable until {@link #restartBroker()}. */
    public void stopBroker() {
        backend().stop();
    }

    /** Starts the stopped broker again with its data. */
    public void restartBroker() {
        backend().start();
    }

    /** Admin client properties for this broker. */
    public Map<String, Object> adminProps() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * A byte[] producer for this broker with {@code acks=all} and idempotence, as the ingress writes:
     * for tests that put records on a topic directly. The caller closes it.
     */
    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates topics (1 partition unless given as {@code name:partitions}); existing ones are kept. */
    public void createTopics(String... names) {
        try (Admin admin = Admin.create(adminProps())) {
            List<NewTopic> topics = Arrays.stream(names).map(n -> {
                String[] parts = n.split(":");
                int partitions = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
                return new NewTopic(parts[0], partitions, (short) 1);
            }).toList();
            try {
                admin.createTopics(topics).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a topic from the beginning with {@code read_committed} until {@code expected} records
     * arrived or {@code timeout} passed, and then on to the topic's end (its last stable offsets at
     * that moment), so that an extra record already committed (a duplicate) is in the result too.
     * It never stops at the count it expects: a check for "exactly N" must first wait for the
     * producing side with {@link #awaitCaughtUp} and then compare the whole result.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration timeout) {
        return new TopicReader(bootstrapServers()).readAtLeast(List.of(topic), expected, timeout, Duration.ofSeconds(30));
    }

    /** Every committed record of {@code topics}, from the beginning to their current end. */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String... topics) {
        return new TopicReader(bootstrapServers()).readToEnd(List.of(topics), Duration.ofSeconds(60));
    }

    /**
     * Waits until no transaction is open on any partition of {@code topics} (the last stable offset
     * equals the log end offset): a transactional writer's commit returns before its commit markers
     * are on the partitions, so this is the barrier between "the writer says committed" and reading
     * its records to the end with {@code read_committed}.
     *
     * @throws AssertionError when a transaction is still open after {@code timeout}
     */
    public void awaitTransactionsSettled(Duration timeout, String... topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProps())) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            new TopicReader(bootstrapServers()).partitions(List.of(topics)).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            while (true) {
                var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
                if (latest.keySet().stream().allMatch(tp -> stable.get(tp).offset() == end.get(tp).offset())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("a transaction is still open on " + List.of(topics) + " after " + timeout);
                }
                sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until consumer group {@code groupId} (a processor's {@code application.id}) has committed
     * the end offset of every partition of {@code topics}: the positive barrier before reading outputs.
     *
     * @throws AssertionError when it has not within {@code timeout}
     */
    public void awaitCaughtUp(String groupId, Duration timeout, String... topics) {
        if (!ConsumerLag.awaitCaughtUp(bootstrapServers(), groupId, List.of(topics), timeout)) {
            throw new AssertionError("group " + groupId + " did not commit the end of " + List.of(topics) + " within "
                    + timeout);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
