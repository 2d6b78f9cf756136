package io.sluice.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Topic names and how topics are created when missing.
 *
 * @param raw               the ingress writes here
 * @param defaultTopic      events that match no route
 * @param deadLetter        records the processor cannot normalize
 * @param index             compacted: one record per event holding its timeline (admin event lookup)
 * @param rejections        rejected deliveries recorded by the ingress
 * @param audit             every change made through the admin API
 * @param partitions        partitions of topics Sluice creates
 * @param replicationFactor replication of topics Sluice creates (1 on the embedded broker)
 */
public record TopicsConfig(String raw, @JsonProperty("default") String defaultTopic, String deadLetter,
                           String index, String rejections, String audit, int partitions, short replicationFactor) {
    public static final String DEFAULT_INDEX = "sluice.index";
    public static final String DEFAULT_REJECTIONS = "sluice.rejections";
    public static final String DEFAULT_AUDIT = "sluice.audit";

    /** The admin topics at their defaults. */
    public TopicsConfig(String raw, String defaultTopic, String deadLetter, int partitions, short replicationFactor) {
        this(raw, defaultTopic, deadLetter, DEFAULT_INDEX, DEFAULT_REJECTIONS, DEFAULT_AUDIT, partitions,
                replicationFactor);
    }
}
