package io.sluice.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaIT {
    private static EmbeddedKafka kafka;
    private static long startMillis;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafka.ephemeral().start();
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Embedded broker started in " + startMillis + " ms");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void producesAndConsumesThroughTheBroker() throws Exception {
        createTopic("plain");
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            p.send(new ProducerRecord<>("plain", "k1", "v1")).get();
        }
        assertThat(readAll("plain", "read_uncommitted", 1)).containsExactly("k1=v1");
    }

    @Test
    void committedTransactionIsVisibleAndAbortedIsNotToReadCommitted() throws Exception {
        createTopic("tx");
        try (KafkaProducer<String, String> p = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>("tx", "a", "aborted"));
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>("tx", "b", "committed"));
            p.commitTransaction();
        }
        assertThat(readAll("tx", "read_committed", 1)).containsExactly("b=committed");
    }

    @Test
    void persistentBrokerKeepsRecordsAcrossRestart(@TempDir Path dir) throws Exception {
        EmbeddedKafka persistent = EmbeddedKafka.persistent(dir, 0).start();
        String servers = persistent.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(producerProps(servers, Map.of()))) {
            p.send(new ProducerRecord<>("kept", "k", "survives")).get();
        }
        persistent.stop();
        persistent.start();
        try {
            assertThat(read(persistent.bootstrapServers(), "kept", "read_committed", 1)).containsExactly("k=survives");
        } finally {
            persistent.close();
        }
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        return new KafkaProducer<>(producerProps(kafka.bootstrapServers(), extra));
    }

    private static Properties producerProps(String servers, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.putAll(extra);
        return props;
    }

    private static List<String> readAll(String topic, String isolation, int expected) {
        return read(kafka.bootstrapServers(), topic, isolation, expected);
    }

    private static List<String> read(String servers, String topic, String isolation, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.key() + "=" + r.value());
                }
                // keep polling a little after reaching the count, so an extra record would show
                if (out.size() >= expected) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        out.add(r.key() + "=" + r.value());
                    }
                    break;
                }
            }
        }
        return out;
    }
}
