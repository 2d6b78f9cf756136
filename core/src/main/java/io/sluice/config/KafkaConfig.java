package io.sluice.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach Kafka.
 *
 * @param bootstrapServers empty: {@code up} starts the embedded broker
 * @param embedded         the embedded broker's port and data directory
 * @param properties       passed to every Kafka client (security.protocol, sasl.*, ssl.*); values may be secrets
 */
public record KafkaConfig(String bootstrapServers, Embedded embedded, Map<String, String> properties) {
    public KafkaConfig {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** True when no external cluster is configured and the embedded broker is used. */
    public boolean useEmbedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    /** Copy with another bootstrap address (the embedded broker's, once started). */
    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(servers, embedded, properties);
    }

    @Override
    public String toString() {
        // property values may hold passwords (sasl.jaas.config, ssl.keystore.password): keys only
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", embedded=" + embedded
                + ", properties=" + properties.keySet() + "=***]";
    }

    /** The embedded broker: listens on 127.0.0.1:{@code port}, keeps its log under {@code dataDir}. */
    public record Embedded(int port, Path dataDir) {
    }
}
