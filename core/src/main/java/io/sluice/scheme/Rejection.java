package io.sluice.scheme;

/**
 * Internal short-cut out of a verifier's checks; {@link Scheme#verify} turns it into a
 * {@link Verification.Rejected}, so it never escapes a verifier. No stack trace: it is control flow.
 */
final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    Rejection(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Verification.Rejected toVerification() {
        return new Verification.Rejected(reason, getMessage());
    }
}
