package io.sluice.processor;

import io.sluice.schemas.WebhookEvent;

/** The outcome of normalizing one raw record: errors as data, never as exceptions. */
public sealed interface Normalization {
    /**
     * The envelope.
     *
     * @param event       the normalized event
     * @param knownSource false when {@code sluice.source} names no configured source (normalized without attributes)
     */
    record Normalized(WebhookEvent event, boolean knownSource) implements Normalization {
    }

    /** The record cannot be normalized and goes to the dead-letter topic. */
    record Rejected(DlqReason reason, String detail) implements Normalization {
    }
}
