package io.sluice.topics;

import io.sluice.config.RouteConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates Sluice's topics when missing: raw, default, dead-letter and every route's topic, with the
 * configured partitions and replication. Existing topics are left as they are.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    /** Room for record headers, key and batch overhead on top of the largest accepted body (or Avro envelope). */
    public static final long RECORD_OVERHEAD_BYTES = 64 * 1024;

    private TopicProvisioner() {
    }

    /** Every topic Sluice reads or writes, raw first. */
    public static List<String> topicNames(SluiceConfig config) {
        Set<String> names = new LinkedHashSet<>();
        names.add(config.topics().raw());
        names.add(config.topics().defaultTopic());
        names.add(config.topics().deadLetter());
        for (RouteConfig r : config.routes()) {
            names.add(r.topic());
        }
        names.addAll(adminTopicConfigs(config).keySet());
        return new ArrayList<>(names);
    }

    /** Rejections and the index are kept a week (the raw topic's default retention). */
    static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
    /** The audit log is kept a year. */
    static final String YEAR_MS = String.valueOf(365L * 24 * 3600 * 1000);

    /**
     * The admin topics and their own settings: {@code topics.index} is compacted (one record per
     * event, its latest timeline) and forgets events after a week, like the raw topic they came
     * from; {@code topics.rejections} is kept a week, {@code topics.audit} a year.
     */
    static Map<String, Map<String, String>> adminTopicConfigs(SluiceConfig config) {
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        out.put(config.topics().index(), Map.of("cleanup.policy", "compact,delete", "retention.ms", WEEK_MS));
        out.put(config.topics().rejections(), Map.of("retention.ms", WEEK_MS));
        out.put(config.topics().audit(), Map.of("retention.ms", YEAR_MS));
        return out;
    }

    /**
     * The largest record Sluice may write: the largest body any source accepts plus overhead. The
     * producer's {@code max.request.size} and each topic's {@code max.message.bytes} are set to it, so
     * that no body the ingress accepts can be refused by Kafka afterwards.
     */
    public static long maxRecordBytes(SluiceConfig config) {
        long max = config.ingress().maxBodyBytes();
        for (SourceConfig s : config.sources()) {
            max = Math.max(max, s.effectiveMaxBodyBytes(config.ingress()));
        }
        // the Avro envelope carries the body plus a few small fields: the same overhead covers it
        return max + RECORD_OVERHEAD_BYTES;
    }

    /** Creates the missing topics; waits at most {@code timeoutSeconds}. */
    public static void ensure(SluiceConfig config, long timeoutSeconds) {
        try (Admin admin = Admin.create(KafkaClients.common(config))) {
            Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            String maxMessageBytes = String.valueOf(maxRecordBytes(config));
            Map<String, Map<String, String>> own = adminTopicConfigs(config);
            for (String name : topicNames(config)) {
                if (!existing.contains(name)) {
                    Map<String, String> configs = new java.util.HashMap<>(own.getOrDefault(name, Map.of()));
                    configs.put("max.message.bytes", maxMessageBytes);
                    missing.add(new NewTopic(name, config.topics().partitions(), config.topics().replicationFactor())
                            .configs(configs));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // a concurrent creator (another instance) is fine, anything else is not
                }
            }
            LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.kafka().bootstrapServers()
                    + " did not answer within " + timeoutSeconds + " s while creating topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
