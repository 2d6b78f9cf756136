package io.sluice.processor;

import io.sluice.config.ConfigException;
import io.sluice.config.RouteConfig;
import io.sluice.config.RouteFormat;
import io.sluice.config.SluiceConfig;
import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns a raw record into the records the processor writes: normalization by
 * the current rules, route matching, and the output record (value encoding and headers). The live
 * topology ({@link NormalizeProcessor}) and replay both go through it, so a replayed event looks
 * exactly like one the processor wrote.
 *
 * <p>Live config: the sources and routes are one immutable snapshot, swapped by {@link #prepare};
 * each call reads the snapshot current at that moment.
 */
public final class EventOutputs {
    private volatile Rules rules;

    /** @throws ConfigException when two routes write one topic in different formats */
    public EventOutputs(SluiceConfig config) {
        this.rules = new Rules(config);
    }

    /** The normalizer, route matcher and route formats of one config. */
    private record Rules(Normalizer normalizer, RouteMatcher routes, Map<String, RouteFormat> formats) {
        Rules(SluiceConfig config) {
            this(new Normalizer(config), new RouteMatcher(config.routes(), config.topics().defaultTopic()),
                    EventOutputs.formats(config.routes()));
        }

        RouteFormat format(String topic) {
            return formats.getOrDefault(topic, RouteFormat.AVRO);
        }
    }

    /**
     * Builds the rules of {@code next} and returns the switch to them (route topics must exist by then).
     *
     * @throws ConfigException when two routes write one topic in different formats (nothing changes)
     */
    public Runnable prepare(SluiceConfig next) {
        Rules built = new Rules(next);
        return () -> this.rules = built;
    }

    /** Each route topic's format; a topic must have one (a consumer reads one format per topic). */
    private static Map<String, RouteFormat> formats(List<RouteConfig> routes) {
        Map<String, RouteFormat> out = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig r = routes.get(i);
            RouteFormat before = out.putIfAbsent(r.topic(), r.format());
            if (before != null && before != r.format()) {
                throw new ConfigException("routes[" + i + "].format", "topic " + r.topic() + " is written as "
                        + before.id() + " by an earlier route; one topic has one format");
            }
        }
        return Map.copyOf(out);
    }

    /** How records on {@code topic} are encoded: its routes' format; Avro for the default topic and others. */
    public RouteFormat format(String topic) {
        return rules.format(topic);
    }

    /** True when {@code source} is configured now (metrics label configured sources by name). */
    public boolean knowsSource(String source) {
        return rules.normalizer().knows(source);
    }

    /** One record to write: topic, key, value and its own (mutable, unshared) headers. */
    public record OutputRecord(String topic, byte[] key, byte[] value, Headers headers) {
    }

    /** The envelope of a raw record, or why it cannot be normalized (errors as data). */
    public Normalization normalize(byte[] key, byte[] value, Headers headers) {
        return rules.normalizer().normalize(key, value, headers);
    }

    /** The topics of every route the event matches, else the default topic; never empty. */
    public List<String> topics(Normalization.Normalized event) {
        return rules.routes().topics(event.event().getSource(), event.event().getType());
    }

    /** The records the processor writes for a normalized event: one per matching route (or the default topic). */
    public List<OutputRecord> routed(byte[] key, Normalization.Normalized event, Headers rawHeaders) {
        Rules current = rules; // one snapshot for matching and formats, even if a reload swaps it meanwhile
        List<String> topics = current.routes().topics(event.event().getSource(), event.event().getType());
        if (topics.size() == 1) {
            // the usual case: one record, whose headers are already its own (no second copy)
            String topic = topics.get(0);
            return List.of(record(current.format(topic), topic, key, event, rawHeaders));
        }
        List<OutputRecord> out = new ArrayList<>(topics.size());
        // each encoding is made once, however many routes share it
        Map<RouteFormat, OutputRecord> byFormat = new EnumMap<>(RouteFormat.class);
        for (String topic : topics) {
            OutputRecord r = byFormat.computeIfAbsent(current.format(topic), f -> record(f, topic, key, event, rawHeaders));
            out.add(new OutputRecord(topic, key, r.value(), copy(r.headers())));
        }
        return out;
    }

    /** The record for one given topic (replay's renormalize mode writes to a topic of the operator's choice). */
    public OutputRecord record(String topic, byte[] key, Normalization.Normalized event, Headers rawHeaders) {
        return record(format(topic), topic, key, event, rawHeaders);
    }

    /**
     * The value in {@code format} and the raw headers plus the CloudEvents binary-mode headers (a fresh
     * copy). JSON records carry the {@code ce_*} headers too, for header-based filtering; their
     * {@code content-type} ({@code application/cloudevents+json}) tells CloudEvents readers that the
     * value is a structured-mode event.
     */
    private static OutputRecord record(RouteFormat format, String topic, byte[] key, Normalization.Normalized event,
                                       Headers rawHeaders) {
        WebhookEvent e = event.event();
        return switch (format) {
            case AVRO -> new OutputRecord(topic, key, SingleObjectCodec.encode(e),
                    CloudEventHeaders.forEvent(rawHeaders, e, CloudEventHeaders.AVRO_CONTENT_TYPE));
            case JSON -> new OutputRecord(topic, key, CloudEventJson.encode(e),
                    CloudEventHeaders.forEvent(rawHeaders, e, CloudEventHeaders.JSON_CONTENT_TYPE));
        };
    }

    /** Each output gets its own copy of the headers: records must not share a mutable Headers. */
    static Headers copy(Headers headers) {
        return headers == null ? new RecordHeaders() : new RecordHeaders(headers.toArray());
    }
}
