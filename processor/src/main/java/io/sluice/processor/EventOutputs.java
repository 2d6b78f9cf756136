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
 */
public final class EventOutputs {
    private final Normalizer normalizer;
    private final RouteMatcher routes;
    private final Map<String, RouteFormat> formats;

    /** @throws ConfigException when two routes write one topic in different formats */
    public EventOutputs(SluiceConfig config) {
        this.normalizer = new Normalizer(config);
        this.routes = new RouteMatcher(config.routes(), config.topics().defaultTopic());
        this.formats = formats(config.routes());
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
        return formats.getOrDefault(topic, RouteFormat.AVRO);
    }

    /** One record to write: topic, key, value and its own (mutable, unshared) headers. */
    public record OutputRecord(String topic, byte[] key, byte[] value, Headers headers) {
    }

    /** The envelope of a raw record, or why it cannot be normalized (errors as data). */
    public Normalization normalize(byte[] key, byte[] value, Headers headers) {
        return normalizer.normalize(key, value, headers);
    }

    /** The topics of every route the event matches, else the default topic; never empty. */
    public List<String> topics(Normalization.Normalized event) {
        return routes.topics(event.event().getSource(), event.event().getType());
    }

    /** The records the processor writes for a normalized event: one per matching route (or the default topic). */
    public List<OutputRecord> routed(byte[] key, Normalization.Normalized event, Headers rawHeaders) {
        List<String> topics = topics(event);
        List<OutputRecord> out = new ArrayList<>(topics.size());
        // each encoding is made once, however many routes share it
        Map<RouteFormat, OutputRecord> byFormat = new EnumMap<>(RouteFormat.class);
        for (String topic : topics) {
            OutputRecord r = byFormat.computeIfAbsent(format(topic), f -> record(f, topic, key, event, rawHeaders));
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
                    CloudEventHeaders.setForEvent(copy(rawHeaders), e, CloudEventHeaders.AVRO_CONTENT_TYPE));
            case JSON -> new OutputRecord(topic, key, CloudEventJson.encode(e),
                    CloudEventHeaders.setForEvent(copy(rawHeaders), e, CloudEventHeaders.JSON_CONTENT_TYPE));
        };
    }

    /** Each output gets its own copy of the headers: records must not share a mutable Headers. */
    static Headers copy(Headers headers) {
        return headers == null ? new RecordHeaders() : new RecordHeaders(headers.toArray());
    }
}
