package io.sluice.reliability;

import io.sluice.testkit.ChildJvm;
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
    private final List<Integer> kafkaPorts = new ArrayList<>();
    private final List<Integer> controllerPorts = new ArrayList<>();
    private final int ingressPort;
    private final List<Integer> processorPorts = new ArrayList<>();
    private final Map<Provider, String> secrets = new EnumMap<>(Provider.class);
    private final Map<String, String> env = new HashMap<>();
    private final List<ChildJvm> brokers = new ArrayList<>();
    private final ChildJvm ingress;
    private final List<ChildJvm> processors = new ArrayList<>();
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
        this(dir, classpath, maxBodyBytes, logLevel, kafkaProps, 1, 1);
    }

    /**
     * A deployment with {@code brokerCount} Kafka nodes and {@code processorCount} processor instances.
     * One broker is {@code sluice kafka} as today (replication 1); more are {@code sluice kafka --node N
     * --quorum ...}, each a combined broker and controller of one KRaft quorum, and topics get
     * replication {@code min(3, brokers)} (with the nodes' {@code min.insync.replicas} one less). Several
     * processors share one application id, each with its own health port and state directory, and keep
     * {@code standby-replicas: 1}.
     */
    public Cluster(Path dir, String classpath, long maxBodyBytes, String logLevel, Map<String, String> kafkaProps,
                   int brokerCount, int processorCount) {
        this.dir = dir.toAbsolutePath();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < brokerCount; i++) {
            kafkaPorts.add(freePort(taken));
            controllerPorts.add(freePort(taken));
        }
        this.ingressPort = freePort(taken);
        for (int i = 0; i < processorCount; i++) {
            processorPorts.add(freePort(taken));
        }
        java.util.Random rnd = Provider.secretRandom();
        for (Provider p : Provider.values()) {
            secrets.put(p, p.newSecret(rnd));
        }
        this.configFile = this.dir.resolve("sluice.yaml");
        try {
            Files.createDirectories(this.dir);
            Files.writeString(configFile, configYaml(maxBodyBytes, kafkaProps, 0));
            for (int i = 1; i < processorCount; i++) {
                Files.writeString(processorConfig(i), configYaml(maxBodyBytes, kafkaProps, i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        secrets.forEach((p, s) -> env.put(envName(p), s));
        env.put("SLUICE_LOG_LEVEL", logLevel);
        Path logs = this.dir.resolve("logs");
        String config = configFile.toString();
        if (brokerCount == 1) {
            brokers.add(new ChildJvm("kafka", classpath, "512m", List.of("kafka", "--config", config), env, logs));
        } else {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            List<String> quorum = new ArrayList<>();
            for (int i = 0; i < brokerCount; i++) {
                quorum.add(kafkaPorts.get(i) + "/" + controllerPorts.get(i));
            }
            for (int n = 1; n <= brokerCount; n++) {
                brokers.add(new ChildJvm("kafka-" + n, classpath, "384m", List.of("kafka", "--config", config,
                        "--node", String.valueOf(n), "--quorum", String.join(",", quorum), "--cluster-id", clusterId),
                        env, logs));
            }
        }
        this.ingress = new ChildJvm("ingress", classpath, "384m", List.of("ingress", "--config", config), env, logs);
        for (int i = 0; i < processorCount; i++) {
            String file = i == 0 ? config : processorConfig(i).toString();
            processors.add(new ChildJvm(i == 0 ? "processor" : "processor-" + (i + 1), classpath, "384m",
                    List.of("processor", "--config", file), env, logs));
        }
    }

    private Path processorConfig(int index) {
        return dir.resolve("sluice-processor-" + (index + 1) + ".yaml");
    }

    private static String envName(Provider p) {
        return "REL_" + p.name() + "_SECRET";
    }

    /** The config every child reads. Routes make each provider's events land in exactly one topic. */
    String configYaml(long maxBodyBytes, Map<String, String> kafkaProps, int processorIndex) {
        StringBuilder b = new StringBuilder();
        // one broker: the embedded broker's address (empty bootstrap); several: all of them
        String bootstrap = kafkaPorts.size() == 1 ? "" : bootstrapServers();
        b.append("kafka:\n  bootstrap-servers: \"").append(bootstrap).append("\"\n  embedded:\n    port: ")
                .append(kafkaPorts.get(0))
                .append("\n    data-dir: \"").append(dir.resolve("data/kafka")).append("\"\n");
        b.append("  properties:").append(kafkaProps.isEmpty() ? " {}\n" : "\n");
        kafkaProps.forEach((k, v) -> b.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        b.append("topics:\n  raw: ").append(RAW_TOPIC).append("\n  default: sluice.events\n  dead-letter: ").append(DLQ_TOPIC)
                .append("\n  partitions: 3\n  replication-factor: ").append(Math.min(3, kafkaPorts.size())).append("\n");
        b.append("ingress:\n  host: 127.0.0.1\n  port: ").append(ingressPort).append("\n  max-body-bytes: ").append(maxBodyBytes)
                // short, so that a broker outage shows as 503s within the test's time, not as client timeouts
                .append("\n  kafka-timeout: 5s\n  max-in-flight: 10000\n");
        b.append("processor:\n  port: ").append(processorPorts.get(processorIndex))
                .append("\n  dedupe-window: 7d\n  application-id: ").append(APPLICATION_ID).append("\n  state-dir: \"")
                .append(dir.resolve(processorIndex == 0 ? "data/streams" : "data/streams-" + (processorIndex + 1)))
                .append("\"\n  commit-interval: 100ms\n  standby-replicas: ").append(processorPorts.size() > 1 ? 1 : 0)
                .append("\n");
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
        brokers.forEach(ChildJvm::start);
        awaitBroker(timeout);
        processors.forEach(ChildJvm::start);
        ingress.start();
        awaitIngressReady(timeout);
        awaitProcessorReady(timeout);
    }

    /** Starts the broker and the ingress only (for tests of the HTTP edge) and waits until both are ready. */
    public void startBrokerAndIngress(Duration timeout) {
        brokers.forEach(ChildJvm::start);
        awaitBroker(timeout);
        ingress.start();
        awaitIngressReady(timeout);
    }

    /** Waits until every broker is registered (answers an admin request, with all nodes in the cluster). */
    public void awaitBroker(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            brokers.forEach(Cluster::requireAlive);
            try (Admin admin = Admin.create(adminProps())) {
                if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() == brokers.size()) {
                    return;
                }
            } catch (Exception e) {
                // not yet: retried below
            }
            sleep(500);
        }
        throw new IllegalStateException("brokers not ready within " + timeout + "\n" + brokers.get(0).stderrTail(4000));
    }

    /** Admin client settings for the harness's own checks: short timeouts, so a dead broker is noticed fast. */
    public Map<String, Object> adminProps() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    }

    public void awaitIngressReady(Duration timeout) {
        awaitHttp200(ingress, "http://127.0.0.1:" + ingressPort + "/health/ready", timeout);
    }

    /** Waits until every processor instance is ready. */
    public void awaitProcessorReady(Duration timeout) {
        for (int i = 0; i < processors.size(); i++) {
            awaitProcessorReady(i, timeout);
        }
    }

    /** Waits until processor instance {@code index} is ready. */
    public void awaitProcessorReady(int index, Duration timeout) {
        awaitHttp200(processors.get(index), "http://127.0.0.1:" + processorPorts.get(index) + "/health/ready", timeout);
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

    /** Every broker's address, comma-separated. */
    public String bootstrapServers() {
        return String.join(",", kafkaPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    public int ingressPort() {
        return ingressPort;
    }

    public int processorPort() {
        return processorPorts.get(0);
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

    /** The (first) broker. */
    public ChildJvm broker() {
        return brokers.get(0);
    }

    /** Every broker, node 1 first. */
    public List<ChildJvm> brokers() {
        return List.copyOf(brokers);
    }

    /** Every processor instance. */
    public List<ChildJvm> processors() {
        return List.copyOf(processors);
    }

    public ChildJvm ingress() {
        return ingress;
    }

    /** The (first) processor instance. */
    public ChildJvm processor() {
        return processors.get(0);
    }

    /** Every log file written by the children. */
    public List<Path> logFiles() {
        List<Path> out = new ArrayList<>();
        List<ChildJvm> all = new ArrayList<>(brokers);
        all.add(ingress);
        all.addAll(processors);
        for (ChildJvm c : all) {
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
        processors.forEach(p -> p.stop(Duration.ofSeconds(20)));
        brokers.forEach(b -> b.stop(Duration.ofSeconds(30)));
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
