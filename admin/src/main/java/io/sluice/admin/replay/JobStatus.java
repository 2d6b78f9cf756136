package io.sluice.admin.replay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** The state of a replay job, as {@code GET /admin/replay/{job}} reports it. */
public enum JobStatus {
    RUNNING("running"),
    DONE("done"),
    CANCELLED("cancelled"),
    FAILED("failed");

    private final String id;

    JobStatus(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Done, cancelled and failed jobs never run again. */
    public boolean terminal() {
        return this != RUNNING;
    }

    @JsonCreator
    static JobStatus fromJson(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown job state " + id));
    }
}
