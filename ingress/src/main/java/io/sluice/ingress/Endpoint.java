package io.sluice.ingress;

import io.sluice.config.SourceConfig;
import io.sluice.scheme.Handshake;
import io.sluice.scheme.WebhookVerifier;

/**
 * A configured source as the HTTP layer serves it. Immutable: a request keeps the endpoint it was
 * dispatched to until it is answered, even when a reload swaps in a new one meanwhile.
 *
 * @param source       the source's config
 * @param verifier     its verifier, built once per config (start-up or reload)
 * @param handshake    its provider's verification handshake ({@link Handshake#NONE} when none)
 * @param maxBodyBytes its body limit
 * @param limiter      its rate limit on this instance, or null when it has none
 */
record Endpoint(SourceConfig source, WebhookVerifier verifier, Handshake handshake, long maxBodyBytes,
                TokenBucket limiter) {
    String name() {
        return source.name();
    }
}
