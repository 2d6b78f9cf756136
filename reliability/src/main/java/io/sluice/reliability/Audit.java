package io.sluice.reliability;

import io.sluice.testkit.TopicReader;
import io.sluice.testkit.ConsumerLag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The end-of-run checks on what Kafka holds, read with {@code read_committed}: every accepted event
 * in its routed topic exactly once with its body byte-exact, no key twice anywhere, and the processor's
 * dedupe store bounded by the number of distinct keys.
 */
public final class Audit {
    private final String bootstrap;
    private final Ledger ledger;
    private final String applicationId;
    private final String rawTopic;
    private final List<String> outputTopics;
    private final String deadLetterTopic;

    /**
     * @param bootstrap       the cluster
     * @param ledger          what was sent and answered
     * @param applicationId   the processor's consumer group ({@code processor.application-id})
     * @param rawTopic        its input
     * @param outputTopics    every topic it can write an event to (routes, default, dead letter): from the config
     * @param deadLetterTopic the dead-letter topic among them
     */
    public Audit(String bootstrap, Ledger ledger, String applicationId, String rawTopic, List<String> outputTopics,
                 String deadLetterTopic) {
        this.bootstrap = bootstrap;
        this.ledger = ledger;
        this.applicationId = applicationId;
        this.rawTopic = rawTopic;
        this.outputTopics = List.copyOf(outputTopics);
        this.deadLetterTopic = deadLetterTopic;
    }

    /** The audit of a {@link Cluster}'s run, with its topics and group taken from the cluster's config. */
    public static Audit of(Cluster cluster, Ledger ledger) {
        var config = cluster.config();
        return new Audit(cluster.bootstrapServers(), ledger, config.processor().applicationId(), config.topics().raw(),
                cluster.outputTopics(), config.topics().deadLetter());
    }

    /**
     * What the routed topics hold.
     *
     * @param accepted          keys that got at least one 200
     * @param delivered         accepted keys found exactly once, in their routed topic, body intact
     * @param lost              accepted keys not found in any output topic
     * @param duplicated        keys found more than once (over all output topics)
     * @param misrouted         keys found in another topic than their route
     * @param corrupt           keys whose envelope does not decode or whose id/source/data differ from what was sent
     * @param unknown           keys found that the load never sent
     * @param deadLettered      records on the dead-letter topic
     * @param deliveredUnacked  keys delivered although no delivery of them got a 200 (allowed: the answer was lost)
     * @param caughtUp          whether the processor committed the whole raw topic and the reader then read every
     *                          output topic to its end, both before the timeout
     */
    public record Delivery(int accepted, int delivered, List<String> lost, List<String> duplicated, List<String> misrouted,
                           List<String> corrupt, List<String> unknown, int deadLettered, int deliveredUnacked,
                           boolean caughtUp) {
    }

    /**
     * The raw topic and the dedupe store.
     *
     * @param rawRecords           records on the raw topic (accepted deliveries, copies included)
     * @param rawDistinctKeys      distinct keys on the raw topic
     * @param changelogTopics      the processor's changelog topics
     * @param changelogRecords     committed records on them
     * @param changelogKeys        distinct record keys among them: the entries the store holds. Since the
     *                             store is also the event index, a duplicate delivery rewrites its key's
     *                             entry (same key and window timestamp), so records may exceed the
     *                             distinct raw keys while the store, compacted, holds one entry per key
     * @param changelogConfig      cleanup.policy and retention.ms of each
     */
    public record Store(long rawRecords, long rawDistinctKeys, List<String> changelogTopics, long changelogRecords, long changelogKeys,
                        Map<String, String> changelogConfig) {
    }

    /**
     * Waits until the processor has committed the whole raw topic (its group's offsets equal the end
     * offsets: every output of every accepted delivery is committed by then), then reads every output
     * topic to its end and checks it. It never stops at the count it expects, so a duplicate written
     * late is seen.
     */
    public Delivery delivery(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean processorCaughtUp = ConsumerLag.awaitCaughtUp(bootstrap, applicationId, List.of(rawTopic), timeout);
        Duration left = Duration.ofNanos(Math.max(Duration.ofSeconds(30).toNanos(), deadline - System.nanoTime()));
        Set<String> accepted = ledger.acceptedKeys();
        Envelope envelope = Envelope.fromClasspath();
        Map<String, Integer> count = new HashMap<>();
        List<String> misrouted = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Set<String> bad = new HashSet<>();
        int[] dlq = {0};
        boolean readToEnd = new TopicReader(bootstrap).readAll(outputTopics, left, () -> true, r -> {
                    String key = r.key() == null ? "<null>" : new String(r.key(), StandardCharsets.UTF_8);
                    if (r.topic().equals(deadLetterTopic)) {
                        dlq[0]++;
                    }
                    count.merge(key, 1, Integer::sum);
                    Provider.Event sent = ledger.event(key);
                    if (sent == null) {
                        unknown.add(key + " in " + r.topic());
                        return;
                    }
                    if (!r.topic().equals(sent.expectedTopic())) {

                        bad.add(key);
                        misrouted.add(key + " in " + r.topic() + " (route: " + sent.expectedTopic() + ")");
                        return;
                    }
                    try {
                        Envelope.Decoded d = envelope.decode(r.value());
                        if (!d.id().equals(sent.eventId()) || !d.source().equals(sent.source())
                                || !Arrays.equals(d.data(), sent.body())) {
                            bad.add(key);
                            corrupt.add(key + ": envelope id=" + d.id() + " source=" + d.source()
                                    + " data " + (Arrays.equals(d.data(), sent.body()) ? "equal" : "differs"));
                        }
                    } catch (Exception e) {
                        bad.add(key);
                        corrupt.add(key + ": " + e);
                    }
                });
        List<String> lost = new ArrayList<>();
        for (String k : accepted) {
            if (!count.containsKey(k)) {
                lost.add(k);
            }
        }
        List<String> duplicated = new ArrayList<>();
        count.forEach((k, n) -> {
            if (n > 1) {
                duplicated.add(k + " x" + n);
            }
        });
        int delivered = 0;
        int unacked = 0;
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            if (ledger.event(e.getKey()) == null) {
                continue;
            }
            if (!accepted.contains(e.getKey())) {
                unacked++;
            } else if (e.getValue() == 1 && !bad.contains(e.getKey())) {
                delivered++;
            }
        }
        return new Delivery(accepted.size(), delivered, lost, duplicated, misrouted, corrupt, unknown, dlq[0], unacked,
                processorCaughtUp && readToEnd);
    }

    /** Counts the raw topic and the dedupe changelog (after {@link #delivery}: everything is committed by then). */
    public Store store(Duration timeout) {
        long[] raw = {0};
        Set<String> rawKeys = new HashSet<>();
        TopicReader reader = new TopicReader(bootstrap);
        reader.readAll(List.of(rawTopic), timeout, () -> true, r -> {
            raw[0]++;
            rawKeys.add(r.key() == null ? "<null>" : new String(r.key(), StandardCharsets.UTF_8));
        });
        List<String> changelogs = new ArrayList<>();
        Map<String, String> config = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                // the dedupe store only: other stores (the event index's timelines) hold other keys
                if (t.startsWith(applicationId + "-") && t.endsWith("-dedupe-changelog")) {
                    changelogs.add(t);
                }
            }
            List<ConfigResource> res = changelogs.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> cfgs = admin.describeConfigs(res).all().get(30, TimeUnit.SECONDS);
            cfgs.forEach((r, c) -> config.put(r.name(), "cleanup.policy=" + c.get("cleanup.policy").value()
                    + " retention.ms=" + c.get("retention.ms").value()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe changelog topics: " + e, e);
        }
        long[] changelog = {0};
        Set<java.nio.ByteBuffer> storeKeys = new HashSet<>();
        if (!changelogs.isEmpty()) {
            reader.readAll(changelogs, timeout, () -> true, r -> {
                changelog[0]++;
                storeKeys.add(java.nio.ByteBuffer.wrap(r.key() == null ? new byte[0] : r.key()));
            });
        }
        return new Store(raw[0], rawKeys.size(), changelogs, changelog[0], storeKeys.size(), config);
    }
}
