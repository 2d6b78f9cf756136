package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * The processor's Kafka Streams topology, a pure function of the config:
 * <pre>
 * raw (byte[] key/value) ─▶ dedupe (window store = event index) ─▶ normalize ─┬▶ routes sink (topic per record: routes, default topic)
 *                                                                             └▶ dead-letter sink
 * </pre>
 * The dedupe store is also the event index (docs/admin.md): its value per key records the
 * deliveries and the topics the normalize step wrote the event to ({@link DedupeProcessor}); the
 * admin API reads it by interactive queries and resolves the outputs' offsets at lookup.
 * The routes sink takes each record's topic from the record ({@link RoutedValue}), so the routes can
 * change while it runs ({@link EventOutputs#prepare}).
 */
public final class SluiceTopology {
    static final String SOURCE = "raw-source";
    static final String DEDUPE = "dedupe";
    static final String NORMALIZE = "normalize";
    static final String DEAD_LETTER_SINK = "dead-letter";
    static final String ROUTES_SINK = "routes";

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
        return build(config, metrics, outputs, true);
    }

    /**
     * @param index false: the dedupe store keeps only "seen" (no deliveries, no outputs); only the
     *              {@code sluice.processor.index=false} switch of {@link Processor} asks for this
     *              (to measure what the index costs)
     */
    public static Topology build(SluiceConfig config, ProcessorMetrics metrics, EventOutputs outputs, boolean index) {
        Duration window = config.processor().dedupeWindow();

        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.topics().raw());
        topology.addProcessor(DEDUPE, () -> new DedupeProcessor(window, metrics, outputs::knowsSource, index),
                SOURCE);
        // Retention = window (additional changelog retention is set to 0 in the Streams config), so the
        // store and its compact,delete changelog forget a key once the window has passed.
        topology.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(DedupeProcessor.STORE, window, Duration.ofMillis(1), false),
                        Serdes.ByteArray(), Serdes.ByteArray()),
                DEDUPE);
        topology.addProcessor(NORMALIZE,
                () -> new NormalizeProcessor(outputs, ROUTES_SINK, DEAD_LETTER_SINK, metrics), DEDUPE);
        topology.addSink(ROUTES_SINK, RoutedValue.TOPIC, new ByteArraySerializer(), RoutedValue.SERIALIZER, NORMALIZE);
        topology.addSink(DEAD_LETTER_SINK, config.topics().deadLetter(), new ByteArraySerializer(),
                new ByteArraySerializer(), NORMALIZE);
        return topology;
    }
}
