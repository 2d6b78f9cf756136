package io.sluice.scheme;

import java.time.Instant;

/**
 * The outcome of verifying a delivery: either {@link Verified} or {@link Rejected}. Errors are data,
 * never exceptions, so the HTTP layer maps them in one place.
 */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /**
     * An authentic delivery.
     *
     * @param eventId         the provider's event id, or the SHA-256 hex of the body when it sends none
     * @param eventType       the event type (never null; empty when the provider gives none)
     * @param timestamp       the provider's timestamp when the scheme has one, else null
     * @param deliveryAttempt the provider's attempt counter when it sends one, else null
     */
    record Verified(String eventId, String eventType, Instant timestamp, Integer deliveryAttempt)
            implements Verification {
    }

    /**
     * A refused delivery.
     *
     * @param reason why: maps to the HTTP status and error code
     * @param detail a human explanation; never contains a secret or a computed signature
     * @param fault  the class name of the exception a verifier threw (a bug, answered like a bad
     *               signature but logged and counted apart), or null for a plain refusal
     */
    record Rejected(Reason reason, String detail, String fault) implements Verification {
        public Rejected(Reason reason, String detail) {
            this(reason, detail, null);
        }
    }

    static Verification rejected(Reason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
