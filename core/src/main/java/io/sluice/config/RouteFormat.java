package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a route's records are encoded: {@code avro} (default: the {@code WebhookEvent} single-object
 * encoding) or {@code json} (CloudEvents structured mode, {@code application/cloudevents+json}).
 */
public enum RouteFormat {
    AVRO, JSON;

    /** The name used in the config file. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RouteFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }
}
