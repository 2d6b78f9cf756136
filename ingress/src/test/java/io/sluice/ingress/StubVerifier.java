package io.sluice.ingress;

import io.sluice.scheme.Delivery;
import io.sluice.scheme.Reason;
import io.sluice.scheme.Verification;
import io.sluice.scheme.WebhookVerifier;

/**
 * A stand-in verifier for HTTP-layer tests (the real schemes are tested in core): {@code X-Test-Signature: ok}
 * verifies, any other value is an invalid signature, none is a missing one. Id from {@code X-Test-Id},
 * type from {@code X-Test-Type}, attempt from {@code X-Test-Attempt}.
 */
final class StubVerifier implements WebhookVerifier {
    @Override
    public Verification verify(Delivery d) {
        String sig = d.headers().get("X-Test-Signature");
        if (sig == null) {
            return new Verification.Rejected(Reason.MISSING_SIGNATURE, "X-Test-Signature is missing");
        }
        if (sig.equals("boom")) {
            throw new IllegalArgumentException("garbled " + sig);
        }
        if (!sig.equals("ok")) {
            return new Verification.Rejected(Reason.INVALID_SIGNATURE, "no secret matches");
        }
        String id = d.headers().get("X-Test-Id");
        String attempt = d.headers().get("X-Test-Attempt");
        String type = d.headers().get("X-Test-Type");
        return new Verification.Verified(id == null ? "no-id" : id, type == null ? "test.event" : type, null,
                attempt == null ? null : Integer.valueOf(attempt));
    }
}
