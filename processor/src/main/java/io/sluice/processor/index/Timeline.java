package io.sluice.processor.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One event's timeline, the value of {@code topics.index} (JSON, key {@code <source>:<event id>}):
 * every delivery the ingress wrote to the raw topic (time, attempt, raw partition/offset, dedupe
 * outcome), the number of copies dedupe dropped, every committed output (topic, partition, offset,
 * replay job) and the dead-letter reason if it was dead-lettered.
 *
 * <p>Lists are bounded ({@link #MAX_ENTRIES} each; the counters keep counting) so that a provider
 * redelivering one event forever cannot grow a record without bound.
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

    /** Largest number of deliveries and of outputs kept in one timeline. */
    public static final int MAX_ENTRIES = 50;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule())
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

    /** A committed output record; {@code replay_job} set for a replay's output. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String topic, int partition, long offset, @JsonProperty("replay_job") String replayJob) {
    }

    /** Where and why the event was dead-lettered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeadLetter(String reason, String detail, String topic, int partition, long offset) {
    }

    /** An empty timeline for a key. */
    public static Timeline empty(String source, String id) {
        return new Timeline(source, id, null, null, 0, List.of(), 0, new Dedupe(0), List.of(), null);
    }

    /** With one more delivery (a duplicate also counts as a dropped copy). */
    public Timeline withDelivery(Delivery d, String eventType, long now) {
        List<Delivery> ds = new ArrayList<>(deliveries);
        if (ds.size() < MAX_ENTRIES) {
            ds.add(d);
        }
        Long first = firstReceivedAt == null ? d.receivedAt()
                : d.receivedAt() == null ? firstReceivedAt : Math.min(firstReceivedAt, d.receivedAt());
        Dedupe dd = "duplicate".equals(d.outcome()) ? new Dedupe(dedupe.copiesDropped() + 1) : dedupe;
        return new Timeline(source, id, type == null ? eventType : type, first, now, ds, deliveriesTotal + 1, dd,
                outputs, deadLetter);
    }

    /** With one more committed output. */
    public Timeline withOutput(Output o, long now) {
        List<Output> os = new ArrayList<>(outputs);
        if (os.size() < MAX_ENTRIES) {
            os.add(o);
        }
        return new Timeline(source, id, type, firstReceivedAt, now, deliveries, deliveriesTotal, dedupe, os, deadLetter);
    }

    /** Dead-lettered. */
    public Timeline withDeadLetter(DeadLetter dl, String eventType, long now) {
        return new Timeline(source, id, type == null ? eventType : type, firstReceivedAt, now, deliveries,
                deliveriesTotal, dedupe, outputs, dl);
    }

    /** {@code delivered}, {@code dead_lettered}, {@code pending} (received, no committed output yet) or {@code duplicate_only}. */
    @JsonProperty("status")
    public String status() {
        if (deadLetter != null) {
            return "dead_lettered";
        }
        if (!outputs.isEmpty()) {
            return "delivered";
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
