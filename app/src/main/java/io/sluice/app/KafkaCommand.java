package io.sluice.app;

import io.sluice.config.SluiceConfig;
import io.sluice.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.Callable;

/** {@code bin/sluice kafka}: the embedded broker alone, same port and data directory as {@code up}. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Run the embedded single-node KRaft broker alone (same port and data directory as 'up').")
final class KafkaCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--node", description = "Run node N (1-based) of a multi-node quorum (needs --quorum and --cluster-id).")
    Integer node;

    @Option(names = "--quorum", split = ",", paramLabel = "PORT/CONTROLLER_PORT",
            description = "Client and controller port of every node, in node order, e.g. 9092/9093,9192/9193,9292/9293. "
                    + "Each node is a combined broker and controller; data goes to <kafka.embedded.data-dir>/node-N.")
    List<String> quorum;

    @Option(names = "--cluster-id", description = "The Kafka cluster id (base64 UUID) shared by every node of the quorum.")
    String clusterId;

    @Override
    public Integer call() throws Exception {
        SluiceConfig cfg = config.load(true);
        Lifecycle life = new Lifecycle();
        EmbeddedKafka broker = life.add(node == null ? startBroker(cfg) : startNode(cfg));
        System.out.println("Kafka (embedded KRaft) listening on " + broker.bootstrapServers()
                + ", data in " + broker.dataDir() + ". Ctrl-C to stop.");
        life.awaitShutdown();
        return 0;
    }

    /** Node {@code --node} of the {@code --quorum}, data in {@code <data-dir>/node-N}. */
    private EmbeddedKafka startNode(SluiceConfig cfg) {
        if (quorum == null || quorum.isEmpty() || clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("--node needs --quorum and --cluster-id");
        }
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (String pair : quorum) {
            String[] parts = pair.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--quorum entries are PORT/CONTROLLER_PORT, not " + pair);
            }
            ports.add(Integer.parseInt(parts[0]));
            controllerPorts.add(Integer.parseInt(parts[1]));
        }
        Path dir = cfg.kafka().embedded().dataDir().resolve("node-" + node);
        return EmbeddedKafka.clusterNode(dir, node, new EmbeddedKafka.Quorum(clusterId, ports, controllerPorts)).start();
    }

    /** The embedded broker of {@code kafka.embedded} (port, data directory), started: shared with {@code up}. */
    static EmbeddedKafka startBroker(SluiceConfig cfg) {
        return EmbeddedKafka.persistent(cfg.kafka().embedded().dataDir(), cfg.kafka().embedded().port()).start();
    }
}
