package io.sluice.processor.index;

import java.util.ArrayList;
import java.util.List;

/**
 * What the dedupe store holds for one event key (the value of {@code sluice-dedupe}, encoded by
 * {@link IndexEntryCodec}): the event type, the deliveries (bounded to {@link Timeline#MAX_ENTRIES};
 * {@code deliveriesTotal} keeps counting), the copies dedupe dropped, the topics the normalize step
 * wrote the event to (names only: partitions and offsets are resolved at lookup, see
 * {@link OffsetResolver}) or the dead-letter reason. The time the key was first seen is the store's
 * window timestamp, not part of the value.
 *
 * @param legacy an entry written before the index lived here (an 8-byte timestamp): seen, no details
 */
public record IndexEntry(String type, List<Delivery> deliveries, int deliveriesTotal, int copiesDropped,
                         List<String> outputs, String deadLetterReason, String deadLetterDetail, boolean legacy) {

    /** An entry with nothing but "seen" (the dedupe minimum, written with the index switched off). */
    public static final IndexEntry MINIMAL = new IndexEntry(null, List.of(), 0, 0, List.of(), null, null, false);
    /** Any entry from before the upgrade. */
    public static final IndexEntry LEGACY = new IndexEntry(null, List.of(), 0, 0, List.of(), null, null, true);

    public IndexEntry {
        deliveries = List.copyOf(deliveries);
        outputs = List.copyOf(outputs);
    }

    /**
     * One delivery the ingress wrote to the raw topic.
     *
     * @param attempt   the ingress's delivery attempt, or -1 when it sent none
     * @param duplicate true when dedupe dropped it
     */
    public record Delivery(long receivedAt, int attempt, int partition, long offset, boolean duplicate) {
    }

    /** The entry of a first sighting. */
    public static IndexEntry first(String type, Delivery d, List<String> outputs, String dlqReason, String dlqDetail) {
        return new IndexEntry(type, List.of(d), 1, 0, bounded(outputs), dlqReason, dlqDetail, false);
    }

    /** With one more delivery that dedupe dropped. */
    public IndexEntry withDuplicate(Delivery d) {
        List<Delivery> ds = deliveries;
        if (ds.size() < Timeline.MAX_ENTRIES) {
            ds = new ArrayList<>(deliveries);
            ds.add(d);
        }
        return new IndexEntry(type, ds, deliveriesTotal + 1, copiesDropped + 1, outputs, deadLetterReason,
                deadLetterDetail, legacy);
    }

    private static List<String> bounded(List<String> outputs) {
        return outputs.size() <= Timeline.MAX_ENTRIES ? outputs : outputs.subList(0, Timeline.MAX_ENTRIES);
    }
}
