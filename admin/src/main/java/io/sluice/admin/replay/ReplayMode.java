package io.sluice.admin.replay;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** What a replay job does with the events of its range. */
public enum ReplayMode {
    /** Each event again to every route it matches now (or the default topic), bypassing dedupe. */
    REDELIVER("redeliver"),
    /** Each event, normalized by the current rules, to the job's {@code topic} only. */
    RENORMALIZE("renormalize");

    private final String id;

    ReplayMode(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The mode named {@code id} (as written in the API), if any. */
    public static Optional<ReplayMode> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    @JsonCreator
    static ReplayMode fromJson(String id) {
        return of(id).orElseThrow(() -> new IllegalArgumentException("unknown replay mode " + id));
    }
}
