package io.sluice.scheme;

/** How a provider proves a delivery authentic; the "family" column of docs/providers.md. */
public enum Family {
    /** An HMAC over a string built from the body and headers (header, algorithm, encoding, prefix, template). */
    HMAC("hmac"),
    /** The HMAC rule is the source's {@code hmac:} block. */
    CONFIGURED_HMAC("configured hmac"),
    /** Standard Webhooks (Svix-based senders): {@code v1,<base64>} over {@code {id}.{timestamp}.{body}}. */
    STANDARD_WEBHOOKS("standard-webhooks"),
    /** Ed25519 signature; {@code secrets} hold the provider's public key. */
    ED25519("ed25519"),
    /** ECDSA P-256 signature; {@code secrets} hold the provider's public key. */
    ECDSA("ecdsa-p256"),
    /** An HMAC over the public URL the provider called plus form parameters (Twilio). */
    URL_SIGNED("url-signed"),
    /** A signed JWT carries the body's hash or the claims. */
    JWT("jwt"),
    /** A header carries a shared token that must equal a configured secret. */
    TOKEN("token");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    /** The family's name in docs and {@code bin/sluice providers}. */
    public String label() {
        return label;
    }
}
