package io.sluice.processor.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One event's timeline, as {@code GET /admin/events/{source}/{id}} answers it (JSON): every
 * delivery the ingress wrote to the raw topic (time, attempt, raw partition/offset, dedupe
 * outcome), the number of copies dedupe dropped, every output (topic, and the committed record's
 * partition and offset once found) and the dead-letter reason if it was dead-lettered. Built at
 * lookup from the dedupe store's {@link IndexEntry} and {@link OffsetResolver}.
 *
 * <p>Lists are bounded ({@link #MAX_ENTRIES} each; the counters keep counting) so that a provider
 * redelivering one event forever cannot grow an entry without bound.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timeline(
        String source,
        String id,
        String type,
        @JsonProperty("first_received_at") Long firstReceivedAt,
        @JsonProperty("updated_at") long updatedAt,
        List<Delivery> deliveries,
        @JsonProperty("deliveries_total") int deliveriesTotal,
        Dedupe dedupe,
        List<Output> outputs,
        @JsonProperty("dead_letter") DeadLetter deadLetter) {

    /** Largest number of deliveries and of outputs kept for one event. */
    public static final int MAX_ENTRIES = 50;
    /** An output whose committed record was found. */
    public static final String COMMITTED = "committed";
    /** An output not found (yet) among the committed records: no position is claimed. */
    public static final String PENDING = "pending";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public Timeline {
        deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        dedupe = dedupe == null ? new Dedupe(0) : dedupe;
    }

    /** A delivery as the raw topic holds it; {@code outcome} is {@code accepted} or {@code duplicate}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(@JsonProperty("received_at") Long receivedAt, Integer attempt, int partition, long offset,
                           String outcome) {
    }

    /** The dedupe outcome: copies dropped as duplicates. */
    public record Dedupe(@JsonProperty("copies_dropped") int copiesDropped) {
    }

    /**
     * An output: partition and offset of the committed record ({@code status} {@link #COMMITTED}),
     * or none ({@link #PENDING}); {@code replay_job} set for a replay's output.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String topic, Integer partition, Long offset, @JsonProperty("replay_job") String replayJob,
                         String status) {
    }

    /** Where (once found among the committed records) and why the event was dead-lettered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeadLetter(String reason, String detail, String topic, Integer partition, Long offset) {
    }

    /**
     * {@code delivered} (an output is committed), {@code dead_lettered} (its dead-letter record is
     * committed), {@code pending} (received, nothing committed found yet), {@code duplicate_only} or
     * {@code unknown} (seen before the index kept details: an entry from an older version).
     */
    @JsonProperty("status")
    public String status() {
        if (deadLetter != null && deadLetter.offset() != null) {
            return "dead_lettered";
        }
        if (outputs.stream().anyMatch(o -> o.offset() != null)) {
            return "delivered";
        }
        if (deliveries.isEmpty() && deliveriesTotal == 0) {
            return "unknown";
        }
        return deliveries.stream().anyMatch(d -> "accepted".equals(d.outcome())) || deliveries.isEmpty()
                ? "pending" : "duplicate_only";
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Timeline fromJson(byte[] json) {
        try {
            return JSON.readValue(json, Timeline.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
