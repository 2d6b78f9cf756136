package io.sluice.scheme;

import java.time.Duration;
import java.util.List;

/**
 * Base of providers whose verifier is written by hand rather than from a family's rule (the first
 * presets: Stripe's multi-signature header, Slack's form bodies, Hyperspell's body timestamp…): the
 * descriptor's data parts are constructor arguments, so each such provider states them once.
 */
abstract class Preset extends Provider {
    private final String name;
    private final Family family;
    private final Duration tolerance;
    private final List<String> headers;
    private final String eventIdSource;

    Preset(String name, Family family, Duration tolerance, List<String> headers, String eventIdSource) {
        this.name = name;
        this.family = family;
        this.tolerance = tolerance;
        this.headers = List.copyOf(headers);
        this.eventIdSource = eventIdSource;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Family family() {
        return family;
    }

    @Override
    public final Duration tolerance() {
        return tolerance;
    }

    @Override
    public final List<String> headers() {
        return headers;
    }

    @Override
    public final String eventIdSource() {
        return eventIdSource;
    }
}
