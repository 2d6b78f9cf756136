package io.sluice.admin.replay;

/**
 * Why a replay call was refused: an error code for {@code {"error":"<code>","detail":"…"}} and the
 * HTTP status it maps to. Errors are data; the HTTP layer only renders them.
 */
public record ReplayError(Code code, String detail) {
    /** The codes of the replay endpoints and their statuses (docs/replay.md lists them). */
    public enum Code {
        INVALID_JSON("bad_json", 400),
        INVALID_REQUEST("invalid_request", 400),
        INVALID_JOB_ID("invalid_job_id", 400),
        INVALID_TIME("invalid_time", 400),
        INVALID_RANGE("invalid_range", 400),
        INVALID_MODE("invalid_mode", 400),
        INVALID_TOPIC("invalid_topic", 400),
        UNKNOWN_JOB("unknown_job", 404),
        TOO_MANY_JOBS("too_many_jobs", 429),
        UNAVAILABLE("unavailable", 503);

        private final String id;
        private final int status;

        Code(String id, int status) {
            this.id = id;
            this.status = status;
        }

        public String id() {
            return id;
        }

        public int status() {
            return status;
        }
    }

    static ReplayError of(Code code, String detail) {
        return new ReplayError(code, detail);
    }
}
