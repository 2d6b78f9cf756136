package io.sluice.ingress;

import io.sluice.config.SourceConfig;
import io.sluice.scheme.WebhookVerifier;

import java.time.Clock;

/** Builds the verifier of one source; production uses {@code Schemes::verifier}. */
@FunctionalInterface
public interface VerifierFactory {
    WebhookVerifier create(SourceConfig source, Clock clock);
}
