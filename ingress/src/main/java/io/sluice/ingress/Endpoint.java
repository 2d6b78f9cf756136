package io.sluice.ingress;

import io.sluice.config.SourceConfig;
import io.sluice.scheme.Handshake;
import io.sluice.scheme.WebhookVerifier;

/**
 * A configured source as the HTTP layer serves it.
 *
 * @param source       the source's config
 * @param verifier     its verifier, built once at start-up
 * @param handshake    its provider's verification handshake ({@link Handshake#NONE} when none)
 * @param maxBodyBytes its body limit
 */
record Endpoint(SourceConfig source, WebhookVerifier verifier, Handshake handshake, long maxBodyBytes) {
    String name() {
        return source.name();
    }
}
