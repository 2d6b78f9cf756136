package io.sluice.config;

/**
 * Topic names and how topics are created when missing.
 *
 * @param raw               the ingress writes here
 * @param defaultTopic      events that match no route
 * @param deadLetter        records the processor cannot normalize
 * @param partitions        partitions of topics Sluice creates
 * @param replicationFactor replication of topics Sluice creates (1 on the embedded broker)
 */
public record TopicsConfig(String raw, String defaultTopic, String deadLetter, int partitions, short replicationFactor) {
}
