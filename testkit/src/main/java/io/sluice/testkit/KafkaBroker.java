package io.sluice.testkit;

import io.sluice.kafka.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (kafka == null) {
            kafka = EmbeddedKafka.ephemeral().start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** {@code 127.0.0.1:<port>} of the running broker. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    public EmbeddedKafka broker() {
        if (kafka == null) {
            throw new IllegalStateException("KafkaBroker is used outside of its test class");
        }
        return kafka;
    }

    /** Stops the broker: clients see it as unreachable until {@link #restartBroker()}. */
    public void stopBroker() {
        broker().stop();
    }

    /** Starts the stopped broker again with its data. */
    public void restartBroker() {
        broker().start();
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
     * arrived or {@code timeout} passed, then keeps polling briefly so that an extra record (a
     * duplicate) would show up in the result too.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && out.size() < expected) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            long grace = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (System.nanoTime() < grace) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }
}
