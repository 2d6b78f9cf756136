package io.sluice.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) started in-process from
 * Maven Central's Kafka artifacts. Used by {@code bin/sluice up}, {@code bin/sluice kafka} and the tests.
 *
 * <p>The log directory is formatted on first start (production metadata version, transaction
 * version 2) and reused afterwards, so data survives restarts. Settings are chosen so transactions
 * and exactly-once Streams work on one node: every internal topic has replication factor 1 and
 * min ISR 1 (without them an exactly-once Streams app waits forever before RUNNING).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int requestedPort;
    private final Map<String, String> overrides;
    private final Quorum quorum;
    private final int nodeId;
    private KafkaRaftServer server;
    private int port;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int port, Map<String, String> overrides) {
        this(dataDir, deleteOnClose, port, overrides, null, NODE_ID);
    }

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int port, Map<String, String> overrides, Quorum quorum,
                          int nodeId) {
        this.quorum = quorum;
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.requestedPort = port;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * A broker that keeps its data in {@code dataDir} across restarts.
     *
     * @param port 0 picks a free port
     */
    public static EmbeddedKafka persistent(Path dataDir, int port) {
        return new EmbeddedKafka(dataDir.toAbsolutePath().normalize(), false, port, Map.of());
    }

    /**
     * The nodes of a multi-node KRaft cluster on loopback. Every node is a combined broker and
     * controller (the simplest quorum that survives the loss of any one node: 3 voters, majority 2),
     * with a static voter set ({@code controller.quorum.voters}) so no node needs the others to format.
     *
     * @param clusterId       the same Kafka cluster id (a base64 UUID) on every node
     * @param ports           client (PLAINTEXT) port of node 1, 2, ...
     * @param controllerPorts controller port of node 1, 2, ...
     */
    public record Quorum(String clusterId, List<Integer> ports, List<Integer> controllerPorts) {
        public Quorum {
            ports = List.copyOf(ports);
            controllerPorts = List.copyOf(controllerPorts);
            if (ports.size() != controllerPorts.size() || ports.isEmpty()) {
                throw new IllegalArgumentException("one client and one controller port per node");
            }
        }

        public int size() {
            return ports.size();
        }

        String voters() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < size(); i++) {
                b.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts.get(i));
            }
            return b.toString();
        }
    }

    /**
     * Node {@code nodeId} (1-based) of a {@link Quorum}, keeping its data in {@code dataDir}. Topics and
     * internal topics default to replication {@code min(3, nodes)} and {@code min.insync.replicas} one less
     * (2 on three nodes), as in production.
     */
    public static EmbeddedKafka clusterNode(Path dataDir, int nodeId, Quorum quorum) {
        if (nodeId < 1 || nodeId > quorum.size()) {
            throw new IllegalArgumentException("node id must be 1.." + quorum.size() + ", not " + nodeId);
        }
        return new EmbeddedKafka(dataDir.toAbsolutePath().normalize(), false, quorum.ports().get(nodeId - 1), Map.of(),
                quorum, nodeId);
    }

    /** A throw-away broker on a free port whose data is deleted on {@link #close()}. */
    public static EmbeddedKafka ephemeral() {
        return ephemeral(Map.of());
    }

    /** A throw-away broker with extra broker properties. */
    public static EmbeddedKafka ephemeral(Map<String, String> overrides) {
        try {
            return new EmbeddedKafka(Files.createTempDirectory("sluice-kafka-"), true, 0, overrides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the broker and waits until it serves requests. Idempotent. */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        // A restart keeps the port it had, so clients reconnect to the same bootstrap address.
        if (port == 0) {
            port = requestedPort == 0 ? freePort() : requestedPort;
        }
        Path logDir = dataDir.resolve("log");
        Map<String, String> props;
        if (quorum == null) {
            props = brokerProperties(logDir, port, freePort());
        } else {
            props = brokerProperties(logDir, port, quorum.controllerPorts().get(nodeId - 1));
            props.putAll(quorumProperties(nodeId, quorum));
        }
        props.putAll(overrides);
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.putAll(props);
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        s.startup();
        server = s;
        LOG.info("Embedded Kafka listening on {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    private static Map<String, String> brokerProperties(Path logDir, int port, int controllerPort) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic must live with a single replica, or transactions and
        // exactly-once Streams never become ready.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // No point waiting for other members on one node: groups form at once.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's default 128 MiB on-heap dedupe buffer is far more than one laptop broker needs.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        // Admit the largest body the ingress accepts plus headers (DESIGN: the raw topic).
        p.put("message.max.bytes", String.valueOf(64 * 1024 * 1024 + 64 * 1024));
        p.put("replica.fetch.max.bytes", String.valueOf(64 * 1024 * 1024 + 64 * 1024));
        p.put("socket.request.max.bytes", String.valueOf(128 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("log.retention.hours", "168");
        return p;
    }

    /** What a node of a multi-node quorum changes in the single-node settings. */
    private static Map<String, String> quorumProperties(int nodeId, Quorum quorum) {
        String replicas = String.valueOf(Math.min(3, quorum.size()));
        String minIsr = String.valueOf(Math.max(1, Math.min(3, quorum.size()) - 1));
        Map<String, String> p = new HashMap<>();
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", quorum.voters());
        for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "share.coordinator.state.topic.replication.factor", "default.replication.factor")) {
            p.put(key, replicas);
        }
        for (String key : List.of("transaction.state.log.min.isr", "share.coordinator.state.topic.min.isr",
                "min.insync.replicas")) {
            p.put(key, minIsr);
        }
        // A SIGKILLed node is fenced (and its partitions get new leaders) after the broker session
        // timeout: 9 s by default, shortened so a killed leader stalls producers for seconds, not ten.
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // A restarted node takes back the leadership it had, so leaders spread again after each kill.
        p.put("leader.imbalance.check.interval.seconds", "10");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private void format(Path logDir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(ps)
                    .setNodeId(nodeId)
                    .setClusterId(quorum == null ? Uuid.randomUuid().toString() : quorum.clusterId())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setFeatureLevel(Feature.TRANSACTION_VERSION.featureName(), (short) 2)
                    .run();
        }
        LOG.debug("Formatted {}: {}", logDir, out.toString(StandardCharsets.UTF_8).trim());
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        if (server == null) {
            throw new IllegalStateException("broker not started");
        }
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker (controlled shutdown) and waits for it; data stays unless ephemeral and closing. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
