package io.sluice.processor.index;

import java.util.Optional;

/** Finds where an event's output record was committed ({@link OffsetResolver}). */
public interface Resolver {
    /** A committed record's position; {@code replayJob} set when a replay wrote it. */
    record Position(int partition, long offset, String replayJob) {
    }

    /** Resolves nothing: every output is listed as pending. */
    Resolver NONE = (topic, key, eventId, timestamp) -> Optional.empty();

    /**
     * @param timestamp the raw record's timestamp (outputs keep it)
     * @return the committed record of the event in {@code topic}, if found
     */
    Optional<Position> find(String topic, byte[] key, String eventId, long timestamp);
}
