package io.sluice.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's own counters (Prometheus names in docs/processor.md). Counts are at-least-once:
 * a transaction that aborts and is retried counts its records again.
 */
public final class ProcessorMetrics {
    static final String EVENTS_IN = "sluice.processor.events.in";
    static final String DUPLICATES = "sluice.processor.duplicates.dropped";
    static final String ROUTED = "sluice.processor.events.routed";
    static final String DEAD_LETTERED = "sluice.processor.dead.lettered";
    static final String UNKNOWN_SOURCE = "sluice.processor.unknown.source";

    private static final String EVENTS_IN_HELP = "Raw records read";
    private static final String DUPLICATES_HELP = "Raw records dropped because their key was seen within the dedupe window";
    private static final String ROUTED_HELP = "Normalized events written, per output topic";
    private static final String DEAD_LETTERED_HELP = "Records written to the dead-letter topic";
    private static final String UNKNOWN_SOURCE_HELP = "Events whose sluice.source names no configured source (normalized without attributes)";

    private final MeterRegistry registry;
    /*
     * The counters per tag value, looked up once: building and registering a Counter (tags, id,
     * the registry's lookup) on every record cost several µs per event on the processor's hot path.
     * The tag values are bounded by the config (source names, "none"/"unknown", topics, reasons).
     */
    private final Map<String, Counter> eventsIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Counter> routed = new ConcurrentHashMap<>();
    private final Map<DlqReason, Counter> deadLettered = new ConcurrentHashMap<>();
    private volatile Counter unknownSource;

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counters kept in memory only (tests, or a topology built without a registry). */
    public static ProcessorMetrics inMemory() {
        return new ProcessorMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Creates every series whose tags the config bounds at 0: a series that appears only with its
     * first increment is invisible to Prometheus' {@code increase()}/{@code rate()} for that first
     * event, and alerts on dead letters or duplicates would miss it.
     */
    public void registerAll(Collection<String> sources, Collection<String> topics) {
        for (String source : sources) {
            counter(EVENTS_IN, EVENTS_IN_HELP, "source", tag(source));
            counter(DUPLICATES, DUPLICATES_HELP, "source", tag(source));
        }
        for (String topic : topics) {
            counter(ROUTED, ROUTED_HELP, "topic", topic);
        }
        for (DlqReason reason : DlqReason.values()) {
            counter(DEAD_LETTERED, DEAD_LETTERED_HELP, "reason", reason.code());
        }
        counter(UNKNOWN_SOURCE, UNKNOWN_SOURCE_HELP);
    }

    /** A raw record read (duplicates and dead letters included). */
    public void eventIn(String source) {
        eventsIn.computeIfAbsent(tag(source), s -> counter(EVENTS_IN, EVENTS_IN_HELP, "source", s)).increment();
    }

    public void duplicate(String source) {
        duplicates.computeIfAbsent(tag(source), s -> counter(DUPLICATES, DUPLICATES_HELP, "source", s)).increment();
    }

    public void routed(String topic) {
        routed.computeIfAbsent(topic, t -> counter(ROUTED, ROUTED_HELP, "topic", t)).increment();
    }

    public void deadLettered(DlqReason reason) {
        deadLettered.computeIfAbsent(reason, r -> counter(DEAD_LETTERED, DEAD_LETTERED_HELP, "reason", r.code()))
                .increment();
    }

    public void unknownSource() {
        Counter c = unknownSource;
        if (c == null) {
            c = counter(UNKNOWN_SOURCE, UNKNOWN_SOURCE_HELP);
            unknownSource = c;
        }
        c.increment();
    }

    /** Current count, for tests and the log. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Source names come from a header: anything missing is tagged "none" (cardinality stays bounded by config). */
    private static String tag(String source) {
        return source == null || source.isEmpty() ? "none" : source;
    }
}
