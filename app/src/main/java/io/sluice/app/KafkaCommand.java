package io.sluice.app;

import io.sluice.config.SluiceConfig;
import io.sluice.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code bin/sluice kafka}: the embedded broker alone, same port and data directory as {@code up}. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Run the embedded single-node KRaft broker alone (same port and data directory as 'up').")
final class KafkaCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        SluiceConfig cfg = config.load(true);
        Lifecycle life = new Lifecycle();
        EmbeddedKafka broker = life.add(startBroker(cfg));
        System.out.println("Kafka (embedded KRaft) listening on " + broker.bootstrapServers()
                + ", data in " + broker.dataDir() + ". Ctrl-C to stop.");
        life.awaitShutdown();
        return 0;
    }

    /** The embedded broker of {@code kafka.embedded} (port, data directory), started: shared with {@code up}. */
    static EmbeddedKafka startBroker(SluiceConfig cfg) {
        return EmbeddedKafka.persistent(cfg.kafka().embedded().dataDir(), cfg.kafka().embedded().port()).start();
    }
}
