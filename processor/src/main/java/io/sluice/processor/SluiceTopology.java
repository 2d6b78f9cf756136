package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import io.sluice.processor.index.EventIndex;
import io.sluice.processor.index.IndexLookupUpdater;
import io.sluice.processor.index.IndexProcessor;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The processor's Kafka Streams topology, a pure function of the config:
 * <pre>
 * raw (byte[] key/value) ─▶ dedupe (window store) ─▶ normalize ─┬▶ routes sink (topic per record: routes, default topic)
 *                                                               └▶ dead-letter sink
 *                                │ (every delivery, duplicates marked)
 *                                ▼
 * route/default/dead-letter ─▶ index (timeline store) ─▶ topics.index ─▶ global lookup store (every instance)
 * topics, read back committed
 * </pre>
 * The event index (docs/admin.md) reads the outputs back because inside a transaction the offsets
 * of the records being produced are not known yet; read back {@code read_committed}, they are the
 * committed records' offsets, and the index is written in the same exactly-once processing.
 * The routes sink takes each record's topic from the record ({@link RoutedValue}), so the routes can
 * change while it runs ({@link EventOutputs#prepare}).
 */
public final class SluiceTopology {
    static final String SOURCE = "raw-source";
    static final String DEDUPE = "dedupe";
    static final String NORMALIZE = "normalize";
    static final String DEAD_LETTER_SINK = "dead-letter";
    static final String ROUTES_SINK = "routes";
    static final String INDEX_OUTPUTS = "index-outputs";
    static final String INDEX = "index";
    static final String INDEX_SINK = "index-sink";
    static final String INDEX_LOOKUP_SOURCE = "index-lookup-source";
    static final String INDEX_LOOKUP = "index-lookup";

    private SluiceTopology() {
    }

    /** The topology with in-memory counters (tests, describe). */
    public static Topology build(SluiceConfig config) {
        return build(config, ProcessorMetrics.inMemory());
    }

    public static Topology build(SluiceConfig config, ProcessorMetrics metrics) {
        return build(config, metrics, new EventOutputs(config));
    }

    /** @param outputs the normalizer and routes; the running processor keeps it to switch routes live */
    public static Topology build(SluiceConfig config, ProcessorMetrics metrics, EventOutputs outputs) {
        return build(config, metrics, outputs, true, Set.of());
    }

    /**
     * @param index    false: no event index (no timelines, no read-back, no lookup store); only the
     *                 {@code sluice.processor.index=false} switch of {@link Processor} asks for this
     *                 (to measure what the index costs)
     * @param readBack topics the index reads back besides those of {@code config} (route topics
     *                 added by live reloads since the process started)
     */
    public static Topology build(SluiceConfig config, ProcessorMetrics metrics, EventOutputs outputs, boolean index,
                                 Set<String> readBack) {
        Duration window = config.processor().dedupeWindow();

        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.topics().raw());
        String indexNode = index ? INDEX : null;
        topology.addProcessor(DEDUPE, () -> new DedupeProcessor(window, metrics, outputs::knowsSource, indexNode),
                SOURCE);
        // Retention = window (additional changelog retention is set to 0 in the Streams config), so the
        // store and its compact,delete changelog forget a key once the window has passed.
        topology.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(DedupeProcessor.STORE, window, Duration.ofMillis(1), false),
                        Serdes.ByteArray(), Serdes.Long()),
                DEDUPE);
        topology.addProcessor(NORMALIZE,
                () -> new NormalizeProcessor(outputs, ROUTES_SINK, DEAD_LETTER_SINK, metrics), DEDUPE);
        topology.addSink(ROUTES_SINK, RoutedValue.TOPIC, new ByteArraySerializer(), RoutedValue.SERIALIZER, NORMALIZE);
        topology.addSink(DEAD_LETTER_SINK, config.topics().deadLetter(), new ByteArraySerializer(),
                new ByteArraySerializer(), NORMALIZE);
        if (index) {
            addIndex(topology, config, window, readBack);
        }
        return topology;
    }

    /**
     * The topics the event index reads back for {@code config}: the default topic, every route's
     * topic and the dead-letter topic.
     */
    public static Set<String> readBackTopics(SluiceConfig config) {
        Set<String> read = new LinkedHashSet<>();
        read.add(config.topics().defaultTopic());
        config.routes().forEach(r -> read.add(r.topic()));
        read.add(config.topics().deadLetter());
        return read;
    }

    /**
     * The event index: timelines built from deliveries and committed outputs, and the global lookup
     * store. It reads the default, dead-letter and route topics of the config it was built with, plus
     * {@code more}: the running {@link Processor} rebuilds its Streams client with a wider set when a
     * live reload adds a route topic.
     */
    private static void addIndex(Topology topology, SluiceConfig config, Duration retention, Set<String> more) {
        Set<String> read = readBackTopics(config);
        read.addAll(more);
        topology.addSource(INDEX_OUTPUTS, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                read.toArray(String[]::new));
        topology.addProcessor(INDEX, () -> new IndexProcessor(config.topics().raw(), config.topics().deadLetter(),
                retention), DEDUPE, INDEX_OUTPUTS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IndexProcessor.STORE),
                Serdes.ByteArray(), Serdes.ByteArray()), INDEX);
        topology.addSink(INDEX_SINK, config.topics().index(), new ByteArraySerializer(), new ByteArraySerializer(), INDEX);
        // the index topic is this store's changelog already: no second one
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EventIndex.STORE),
                        Serdes.ByteArray(), Serdes.ByteArray()).withLoggingDisabled(),
                INDEX_LOOKUP_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.topics().index(),
                INDEX_LOOKUP, IndexLookupUpdater::new);
    }
}
