package io.sluice.admin.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A job as the admin API answers it: {@code {job, state, done, total, …}}. {@code done} and
 * {@code total} count raw-topic records of the range (read so far / fixed at start, matching the
 * filters or not); {@code matched}, {@code written}, {@code duplicates} and {@code rejected} say what
 * became of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayProgress(String job, String state, long done, long total, String mode, String from, String to,
                             List<String> sources, List<String> types, String topic, long matched, long written,
                             long duplicates, long rejected, String error,
                             @JsonProperty("created_at") String createdAt,
                             @JsonProperty("updated_at") String updatedAt, Boolean created) {
    public static ReplayProgress of(JobState s) {
        return of(s, null);
    }

    /** With {@code created}: the answer to POST says whether this call started the job. */
    public static ReplayProgress of(JobState s, Boolean created) {
        return new ReplayProgress(s.job(), s.state().id(), s.done(), s.total(), s.mode().id(),
                Instant.ofEpochMilli(s.from()).toString(), Instant.ofEpochMilli(s.to()).toString(), s.sources(),
                s.types(), s.topic(), s.matched(), s.written(), s.duplicates(), s.rejected(), s.error(),
                Instant.ofEpochMilli(s.createdAt()).toString(), Instant.ofEpochMilli(s.updatedAt()).toString(), created);
    }
}
