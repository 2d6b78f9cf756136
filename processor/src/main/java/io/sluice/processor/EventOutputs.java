package io.sluice.processor;

import io.sluice.config.SluiceConfig;
import io.sluice.schemas.SingleObjectCodec;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that turns a raw record into the records the processor writes: normalization by
 * the current rules, route matching, and the output record (value encoding and headers). The live
 * topology ({@link NormalizeProcessor}) and replay both go through it, so a replayed event looks
 * exactly like one the processor wrote.
 */
public final class EventOutputs {
    private final Normalizer normalizer;
    private final RouteMatcher routes;

    public EventOutputs(SluiceConfig config) {
        this.normalizer = new Normalizer(config);
        this.routes = new RouteMatcher(config.routes(), config.topics().defaultTopic());
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
        byte[] value = SingleObjectCodec.encode(event.event());
        Headers headers = headers(event, rawHeaders);
        for (String topic : topics) {
            out.add(new OutputRecord(topic, key, value, copy(headers)));
        }
        return out;
    }

    /** The record for one given topic (replay's renormalize mode writes to a topic of the operator's choice). */
    public OutputRecord record(String topic, byte[] key, Normalization.Normalized event, Headers rawHeaders) {
        return new OutputRecord(topic, key, SingleObjectCodec.encode(event.event()), headers(event, rawHeaders));
    }

    /** The raw headers plus the CloudEvents binary-mode headers of the event (a fresh copy). */
    private static Headers headers(Normalization.Normalized event, Headers rawHeaders) {
        return CloudEventHeaders.setForEvent(copy(rawHeaders), event.event(), CloudEventHeaders.AVRO_CONTENT_TYPE);
    }

    /** Each output gets its own copy of the headers: records must not share a mutable Headers. */
    static Headers copy(Headers headers) {
        return headers == null ? new RecordHeaders() : new RecordHeaders(headers.toArray());
    }
}
