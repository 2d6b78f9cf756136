package io.sluice.processor;

/** Why a record went to the dead-letter topic: the value of its {@code sluice.dlq.reason} header. */
public enum DlqReason {
    /** The raw record has no key (the ingress always writes {@code <source>:<event id>}). */
    MISSING_KEY("missing_key"),
    /** The key is not {@code <sluice.source>:<sluice.event-id>} (not written by the ingress, or corrupt). */
    INVALID_KEY("invalid_key"),
    /** A required {@code sluice.*} header is absent or empty. */
    MISSING_HEADER("missing_header"),
    /** A {@code sluice.*} header has a value that cannot be parsed (e.g. received-at not a number). */
    INVALID_HEADER("invalid_header"),
    /** The scheme reads the body as a JSON object and the body is not one. */
    BODY_NOT_JSON("body_not_json"),
    /** A record of the raw topic could not be deserialized. */
    DESERIALIZATION_ERROR("deserialization_error"),
    /** An unexpected exception while processing the record. */
    PROCESSING_ERROR("processing_error"),
    /** Kafka refused the output record (e.g. too large) or it could not be serialized. */
    PRODUCTION_ERROR("production_error");

    private final String code;

    DlqReason(String code) {
        this.code = code;
    }

    /** The header value and the {@code reason} tag of the dead-letter metric. */
    public String code() {
        return code;
    }
}
