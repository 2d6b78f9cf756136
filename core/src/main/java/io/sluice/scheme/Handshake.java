package io.sluice.scheme;

import io.sluice.config.SourceConfig;

/**
 * A provider's verification handshake: a request that asks the endpoint to prove it is the one the
 * provider was configured with (Zoom {@code endpoint.url_validation}, Slack {@code url_verification},
 * Meta's {@code hub.challenge} GET…). The ingress answers it with the {@link HandshakeReply} and
 * never writes it to Kafka. Two moments, each optional:
 * <ul>
 *   <li>{@link #unsigned}: before verification, for challenges the provider does not sign (GET
 *       requests, Asana's {@code X-Hook-Secret}); the only way a GET reaches a source;</li>
 *   <li>{@link #verified}: after verification, for challenges signed like any delivery.</li>
 * </ul>
 * Implementations are stateless and never throw on bad input (null or an error reply instead).
 */
public interface Handshake {
    /** A provider without a handshake. */
    Handshake NONE = () -> "";

    /** The handshake in a few words, for docs/providers.md; empty for none. */
    String describe();

    /** The answer to an unsigned challenge, or null when {@code request} is not one (it is then verified). */
    default HandshakeReply unsigned(HandshakeRequest request, SourceConfig source) {
        return null;
    }

    /** The answer to a verified delivery that is a challenge, or null when it is an event. */
    default HandshakeReply verified(HandshakeRequest request, Verification.Verified delivery, SourceConfig source) {
        return null;
    }
}
