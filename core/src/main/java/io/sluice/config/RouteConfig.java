package io.sluice.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import static com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY;

import java.util.List;

/**
 * An output route: events whose source and type match go to {@code topic}.
 *
 * @param topic   output topic
 * @param sources source names; empty = all sources
 * @param types   globs on the event type ({@code *} any run, {@code ?} one char); empty = all types
 * @param format  how the route's records are encoded (default {@link RouteFormat#AVRO})
 */
public record RouteConfig(String topic, @JsonFormat(with = ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> sources,
                          @JsonFormat(with = ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> types, RouteFormat format) {
    public RouteConfig {
        sources = sources == null ? List.of() : List.copyOf(sources);
        types = types == null ? List.of() : List.copyOf(types);
        format = format == null ? RouteFormat.AVRO : format;
    }

    /** An Avro route. */
    public RouteConfig(String topic, List<String> sources, List<String> types) {
        this(topic, sources, types, RouteFormat.AVRO);
    }
}
