package io.sluice.reliability;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A whole Sluice deployment on loopback, each service its own child JVM started with the real CLI:
 * {@code sluice kafka} (embedded KRaft broker with its data directory), {@code sluice ingress} and
 * {@code sluice processor}, sharing one generated config file. Ports are distinct free loopback
 * ports, data lives in a fresh directory, secrets are random per run and reach the children only
 * through environment variables (the config file holds {@code ${REL_..._SECRET}}).
 */
public final class Cluster implements AutoCloseable {
    public static final String RAW_TOPIC = "sluice.raw";
    public static final String DLQ_TOPIC = "sluice.dlq";
    public static final String APPLICATION_ID = "sluice-processor";

    private final Path dir;
    private final Path configFile;
    private final int kafkaPort;
    private final int ingressPort;
    private final int processorPort;
    private final Map<Provider, String> secrets = new EnumMap<>(Provider.class);
    private final Map<String, String> env = new HashMap<>();
    private final ChildJvm broker;
    private final ChildJvm ingress;
    private final ChildJvm processor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param dir          run directory: config, data and logs go below it
     * @param classpath    the classpath of {@code io.sluice.app.Sluice}
     * @param maxBodyBytes {@code ingress.max-body-bytes}
     * @param logLevel     {@code SLUICE_LOG_LEVEL} of the children
     * @param kafkaProps   {@code kafka.properties} (passed to every Kafka client of the children)
     */
    public Cluster(Path dir, String classpath, long maxBodyBytes, String logLevel, Map<String, String> kafkaProps) {
        this.dir = dir.toAbsolutePath();
        Set<Integer> taken = new HashSet<>();
        this.kafkaPort = freePort(taken);
        this.ingressPort = freePort(taken);
        this.processorPort = freePort(taken);
        java.util.Random rnd = Provider.secretRandom();
        for (Provider p : Provider.values()) {
            secrets.put(p, p.newSecret(rnd));
        }
        this.configFile = this.dir.resolve("sluice.yaml");
        try {
            Files.createDirectories(this.dir);
            Files.writeString(configFile, configYaml(maxBodyBytes, kafkaProps));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        secrets.forEach((p, s) -> env.put(envName(p), s));
        env.put("SLUICE_LOG_LEVEL", logLevel);
        Path logs = this.dir.resolve("logs");
        String config = configFile.toString();
        this.broker = new ChildJvm("kafka", classpath, "512m", List.of("kafka", "--config", config), env, logs);
        this.ingress = new ChildJvm("ingress", classpath, "384m", List.of("ingress", "--config", config), env, logs);
        this.processor = new ChildJvm("processor", classpath, "384m", List.of("processor", "--config", config), env, logs);
    }

    private static String envName(Provider p) {
        return "REL_" + p.name() + "_SECRET";
    }

    /** The config every child reads. Routes make each provider's events land in exactly one topic. */
    String configYaml(long maxBodyBytes, Map<String, String> kafkaProps) {
        StringBuilder b = new StringBuilder();
        b.append("kafka:\n  bootstrap-servers: \"\"\n  embedded:\n    port: ").append(kafkaPort)
                .append("\n    data-dir: \"").append(dir.resolve("data/kafka")).append("\"\n");
        b.append("  properties:").append(kafkaProps.isEmpty() ? " {}\n" : "\n");
        kafkaProps.forEach((k, v) -> b.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        b.append("topics:\n  raw: ").append(RAW_TOPIC).append("\n  default: sluice.events\n  dead-letter: ").append(DLQ_TOPIC)
                .append("\n  partitions: 3\n  replication-factor: 1\n");
        b.append("ingress:\n  host: 127.0.0.1\n  port: ").append(ingressPort).append("\n  max-body-bytes: ").append(maxBodyBytes)
                // short, so that a broker outage shows as 503s within the test's time, not as client timeouts
                .append("\n  kafka-timeout: 5s\n  max-in-flight: 10000\n");
        b.append("processor:\n  port: ").append(processorPort).append("\n  dedupe-window: 7d\n  application-id: ")
                .append(APPLICATION_ID).append("\n  state-dir: \"").append(dir.resolve("data/streams"))
                .append("\"\n  commit-interval: 100ms\n");
        b.append("routes:\n  - topic: hyperspell.index\n    sources: [hyperspell]\n    types: [\"index-*\"]\n");
        b.append("  - topic: rel.github\n    sources: [github]\n");
        b.append("sources:\n");
        for (Provider p : Provider.values()) {
            b.append("  - name: ").append(p.source()).append("\n    scheme: ").append(p.scheme())
                    .append("\n    secrets: [\"${").append(envName(p)).append("}\"]\n");
            if (p != Provider.GITHUB) {
                // redeliveries of old events are re-sent with their old body: keep them inside the tolerance
                b.append("    tolerance: 1h\n");
            }
        }
        return b.toString();
    }

    /** Starts the broker, then processor and ingress, and waits until all three are ready. */
    public void startAll(Duration timeout) {
        broker.start();
        awaitBroker(timeout);
        processor.start();
        ingress.start();
        awaitIngressReady(timeout);
        awaitProcessorReady(timeout);
    }

    /** Starts the broker and the ingress only (for tests of the HTTP edge) and waits until both are ready. */
    public void startBrokerAndIngress(Duration timeout) {
        broker.start();
        awaitBroker(timeout);
        ingress.start();
        awaitIngressReady(timeout);
    }

    /** Waits until the broker answers an admin request. */
    public void awaitBroker(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (System.nanoTime() < deadline) {
            requireAlive(broker);
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                sleep(500);
            }
        }
        throw new IllegalStateException("broker not ready within " + timeout + "\n" + broker.stderrTail(4000));
    }

    public void awaitIngressReady(Duration timeout) {
        awaitHttp200(ingress, "http://127.0.0.1:" + ingressPort + "/health/ready", timeout);
    }

    public void awaitProcessorReady(Duration timeout) {
        awaitHttp200(processor, "http://127.0.0.1:" + processorPort + "/health/ready", timeout);
    }

    private void awaitHttp200(ChildJvm child, String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive(child);
            if (status(url) == 200) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(child.name() + " not ready (" + url + ") within " + timeout + "\n"
                + child.stderrTail(4000));
    }

    /** HTTP status of a GET, or -1 when there is no answer. */
    public int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void requireAlive(ChildJvm child) {
        if (!child.isAlive()) {
            throw new IllegalStateException(child.name() + " exited during start-up\n" + child.stderrTail(4000));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public int ingressPort() {
        return ingressPort;
    }

    public int processorPort() {
        return processorPort;
    }

    /** {@code http://127.0.0.1:<port>/webhooks/<source>}. */
    public URI webhookUri(String source) {
        return URI.create("http://127.0.0.1:" + ingressPort + "/webhooks/" + source);
    }

    public String secret(Provider p) {
        return secrets.get(p);
    }

    /** Every configured secret in every form it could leak in. */
    public List<String> secretLeakForms() {
        List<String> out = new ArrayList<>();
        secrets.values().forEach(s -> out.addAll(Provider.leakForms(s)));
        return out;
    }

    public ChildJvm broker() {
        return broker;
    }

    public ChildJvm ingress() {
        return ingress;
    }

    public ChildJvm processor() {
        return processor;
    }

    /** Every log file written by the children. */
    public List<Path> logFiles() {
        List<Path> out = new ArrayList<>();
        for (ChildJvm c : List.of(broker, ingress, processor)) {
            out.add(c.stdout());
            out.add(c.stderr());
        }
        return out;
    }

    /** The config the children run with, read by Sluice's own loader (with the children's environment). */
    public SluiceConfig config() {
        return new ConfigLoader(env).read(configFile);
    }

    /**
     * Every topic an event can be written to, from the config: each route's topic, the default and
     * the dead-letter topic.
     */
    public List<String> outputTopics() {
        SluiceConfig c = config();
        Set<String> out = new java.util.LinkedHashSet<>();
        c.routes().forEach(r -> out.add(r.topic()));
        out.add(c.topics().defaultTopic());
        out.add(c.topics().deadLetter());
        return List.copyOf(out);
    }

    public Path dir() {
        return dir;
    }

    /** Orderly stop of everything: ingress, processor, then the broker; SIGKILL for any that hangs. */
    @Override
    public void close() {
        ingress.stop(Duration.ofSeconds(20));
        processor.stop(Duration.ofSeconds(20));
        broker.stop(Duration.ofSeconds(30));
    }

    private static int freePort(Set<Integer> taken) {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (taken.add(p)) {
                    return p;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
