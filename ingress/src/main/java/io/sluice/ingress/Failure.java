package io.sluice.ingress;

/**
 * Refusals the HTTP layer decides itself (verification failures come as {@link io.sluice.scheme.Reason}).
 * Each carries its error code and HTTP status; {@link Replies} is the one place that turns them into answers.
 */
enum Failure {
    NOT_FOUND("not_found", 404),
    UNKNOWN_SOURCE("unknown_source", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    REQUEST_TIMEOUT("request_timeout", 408),
    PAYLOAD_TOO_LARGE("payload_too_large", 413),
    RATE_LIMITED("rate_limited", 429),
    BAD_REQUEST("bad_request", 400),
    UNAVAILABLE("unavailable", 503),
    INTERNAL("internal_error", 500);

    private final String code;
    private final int status;

    Failure(String code, int status) {
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }
}
