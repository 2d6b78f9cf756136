package io.sluice.scheme;

/**
 * Why a delivery was refused by a verifier. Each reason carries its error code (the {@code error}
 * field of the JSON error body) and its HTTP status: this enum is the one place that maps
 * verification failures to statuses.
 */
public enum Reason {
    MISSING_SIGNATURE("missing_signature", 400),
    MALFORMED_SIGNATURE("malformed_signature", 400),
    MISSING_TIMESTAMP("missing_timestamp", 400),
    MALFORMED_TIMESTAMP("malformed_timestamp", 400),
    MISSING_EVENT_ID("missing_event_id", 400),
    MALFORMED_EVENT_ID("malformed_event_id", 400),
    MALFORMED_HEADER("malformed_header", 400),
    INVALID_JSON("invalid_json", 400),
    INVALID_SIGNATURE("invalid_signature", 401),
    TIMESTAMP_OUT_OF_TOLERANCE("timestamp_out_of_tolerance", 401);

    private final String code;
    private final int status;

    Reason(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The {@code error} code of the JSON error body. */
    public String code() {
        return code;
    }

    /** The HTTP status this reason is answered with. */
    public int status() {
        return status;
    }
}
