package io.sluice.app;

import io.sluice.config.Durations;
import io.sluice.config.SluiceConfig;
import io.sluice.processor.TopicTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code bin/sluice tail TOPIC}: one JSON line per record, Avro values decoded. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print each record of a topic as one JSON line (Avro decoded; key, partition, offset included).")
final class TailCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "TOPIC")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest offset instead of the end.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Integer max;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop when no record arrives for this long (e.g. 10s).")
    String timeout;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka to read from (default: from the config).")
    String bootstrap;

    @Override
    public Integer call() {
        SluiceConfig cfg = ConfigOption.againstEmbeddedIfUnset(config.load(true));
        if (bootstrap != null) {
            cfg = cfg.withBootstrapServers(bootstrap);
        }
        Duration idle = timeout == null ? null : Durations.parse("--timeout", timeout);
        return TopicTail.run(cfg, topic, fromBeginning, max, idle, System.out);
    }
}
