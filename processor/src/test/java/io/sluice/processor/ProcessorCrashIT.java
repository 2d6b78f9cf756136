package io.sluice.processor;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.testkit.ChildJvm;
import io.sluice.testkit.Ports;
import io.sluice.testkit.Probes;
import io.sluice.testkit.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processor instances share a 3-partition raw topic; one of them, a child JVM, is killed with
 * SIGKILL mid-stream (no commit, no leave-group, an open transaction left behind). The survivor
 * takes over its partitions, restores their dedupe state from the changelog and resumes from the
 * last committed transaction: every distinct event is output exactly once (read_committed), also
 * events redelivered across the crash.
 */
class ProcessorCrashIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();
    @TempDir
    Path tmp;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String YAML = """
            kafka:
              bootstrap-servers: "%s"
              properties:
                # the killed member must leave the group in seconds, not the default 45 s
                session.timeout.ms: "6000"
                heartbeat.interval.ms: "1000"
            topics: {raw: crash.raw, default: crash.events, dead-letter: crash.dlq, partitions: 3}
            processor:
              port: %d
              application-id: "%s"
              state-dir: "%s"
              dedupe-window: 1h
              commit-interval: 100ms
            sources:
              - {name: hyperspell, scheme: hyperspell, secrets: ["s1"]}
            """;

    private Processor survivor;
    private ChildJvm child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.kill();
        }
        if (survivor != null) {
            survivor.close();
        }
    }

    @Test
    void everyEventIsOutputExactlyOnceWhenAnInstanceIsKilledMidStream() throws Exception {
        String appId = "crash-" + UUID.randomUUID();
        int childPort = Ports.free();
        SluiceConfig survivorConfig = config(appId, 0, tmp.resolve("state-survivor"));
        Path childConfig = tmp.resolve("child.yaml");
        Files.writeString(childConfig, yaml(appId, childPort, tmp.resolve("state-child")));

        survivor = Processor.start(survivorConfig);
        survivor.awaitRunning(Duration.ofSeconds(90));
        child = ChildJvm.of("processor-child", "256m", Processor.class.getName(), List.of(childConfig.toString()),
                tmp.resolve("logs")).start();
        awaitChildReady(childPort);

        int distinct = 300;
        Set<String> keys = new LinkedHashSet<>();
        CountDownLatch killed = new CountDownLatch(1);
        AtomicInteger produced = new AtomicInteger();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
            Random random = new Random(7);
            List<String> sent = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer())) {
                Instant t0 = Instant.now();
                for (int i = 0; i < distinct; i++) {
                    String id = "e" + i;
                    send(producer, survivorConfig, id, t0.plusMillis(i));
                    sent.add(id);
                    // one in four events is delivered again a little later (across the crash for some)
                    if (i >= 20 && random.nextInt(4) == 0) {
                        send(producer, survivorConfig, sent.get(i - 1 - random.nextInt(20)), t0.plusMillis(i));
                    }
                    produced.incrementAndGet();
                    if (i == distinct / 2 && !killed.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("child never killed");
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < distinct; i++) {
            keys.add("hyperspell:e" + i);
        }
        // kill only once the child really is processing its share, while events keep coming
        awaitChildProcessed(childPort, 10);
        child.kill(); // SIGKILL (and wait for the exit): no commit, no leave-group, maybe an open transaction
        int producedAtKill = produced.get();
        killed.countDown();
        assertThat(child.isAlive()).isFalse();
        producing.get(120, TimeUnit.SECONDS);
        assertThat(producedAtKill).as("killed mid-stream").isLessThan(distinct);

        // positive barrier: the surviving instance committed the whole raw topic (the killed one's share included)
        KAFKA.awaitCaughtUp(survivorConfig.processor().applicationId(), Duration.ofSeconds(180),
                survivorConfig.topics().raw());
        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.readToEnd("crash.events");
        List<String> outKeys = out.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        assertThat(outKeys).as("each event exactly once").doesNotHaveDuplicates();
        assertThat(new LinkedHashSet<>(outKeys)).isEqualTo(keys);
        assertThat(KAFKA.readToEnd("crash.dlq")).isEmpty();
        assertThat(survivor.ready()).isTrue();
    }

    private static void send(KafkaProducer<byte[], byte[]> p, SluiceConfig config, String id, Instant at) {
        p.send(new ProducerRecord<>(config.topics().raw(), null, at.toEpochMilli(),
                TopologyTest.bytes("hyperspell:" + id), TopologyTest.bytes(TopologyTest.HYPERSPELL),
                TopologyTest.headers("hyperspell", id, "index-completed")));
    }

    private static String yaml(String appId, int port, Path stateDir) {
        return YAML.formatted(KAFKA.bootstrapServers(), port, appId, stateDir.toString().replace("\\", "/"));
    }

    private static SluiceConfig config(String appId, int port, Path stateDir) {
        return new ConfigLoader(Map.of()).parse(yaml(appId, port, stateDir));
    }

    private void awaitChildReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("child JVM alive; its log:%n%s", child.logTail(4000)).isTrue();
            if (Probes.status(port, "/health/ready") == 200 && survivor.ready()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("child processor not ready; its log:\n" + child.logTail(4000));
    }

    private void awaitChildProcessed(int port, double atLeast) throws Exception {
        Pattern in = Pattern.compile("^sluice_processor_events_in_total\\{source=\"hyperspell\"} (\\S+)$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("child JVM alive; its log:%n%s", child.logTail(4000)).isTrue();
            Matcher m = in.matcher(get(port, "/metrics"));
            if (m.find() && Double.parseDouble(m.group(1)) >= atLeast) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child processor got no partition of the raw topic; its log:\n" + child.logTail(4000));
    }

    private static String get(int port, String path) throws Exception {
        return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
    }
}
