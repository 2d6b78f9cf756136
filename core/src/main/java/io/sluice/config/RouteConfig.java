package io.sluice.config;

import java.util.List;

/**
 * An output route: events whose source and type match go to {@code topic}.
 *
 * @param topic   output topic
 * @param sources source names; empty = all sources
 * @param types   globs on the event type ({@code *} any run, {@code ?} one char); empty = all types
 */
public record RouteConfig(String topic, List<String> sources, List<String> types) {
    public RouteConfig {
        sources = List.copyOf(sources);
        types = List.copyOf(types);
    }
}
