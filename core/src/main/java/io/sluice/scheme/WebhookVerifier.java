package io.sluice.scheme;

/**
 * Proves a delivery authentic for one configured source and extracts its id, type and timestamp.
 * Implementations are immutable and thread-safe: keys are decoded once at construction, comparisons
 * are constant-time, and time comes from an injected {@link java.time.Clock}.
 */
public interface WebhookVerifier {
    Verification verify(Delivery delivery);
}
