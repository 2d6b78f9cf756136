package io.sluice.scheme;

import java.time.Instant;
import java.util.Map;

/**
 * What normalization takes from a verified body besides id and type: the envelope's
 * {@code subject}, {@code time} and {@code attributes}.
 *
 * @param subject    resource id, chat id, external id…; null when the provider gives none
 * @param time       when the provider says it happened; null when unknown
 * @param attributes provider fields worth filtering on (never null)
 */
public record EventDetails(String subject, Instant time, Map<String, String> attributes) {
    /** Nothing known. */
    public static final EventDetails NONE = new EventDetails(null, null, Map.of());

    public EventDetails {
        attributes = Map.copyOf(attributes);
    }
}
