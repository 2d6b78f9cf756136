package io.sluice.topics;

import io.sluice.config.SluiceConfig;

import java.util.HashMap;
import java.util.Map;

/** The properties every Kafka client of Sluice starts from: bootstrap servers plus {@code kafka.properties}. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** A fresh mutable map: {@code bootstrap.servers} and the user's {@code kafka.properties} (security, SASL, SSL). */
    public static Map<String, Object> common(SluiceConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafka().properties());
        props.put("bootstrap.servers", config.kafka().bootstrapServers());
        return props;
    }
}
