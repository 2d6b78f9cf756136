package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.util.List;

/**
 * A typical source of one provider, for tests, benchmarks and docs: what its {@code sources[]} entry
 * holds, and the key that signs for it (the secret itself for shared-secret providers; the private
 * key, PKCS#8 base64, for public-key providers whose {@code secrets} hold the public key).
 *
 * @param secrets    the {@code secrets} entry
 * @param signingKey what signs deliveries (see above)
 * @param hmac       the {@code hmac:} block, for providers whose rule is configured; else null
 * @param timestamp  the {@code timestamp:} locator, or null
 * @param eventId    the {@code event-id:} locator, or null
 * @param eventType  the {@code event-type:} locator, or null
 */
public record Example(List<String> secrets, String signingKey, HmacConfig hmac, ValueLocator timestamp,
                      ValueLocator eventId, ValueLocator eventType) {
    public Example {
        secrets = List.copyOf(secrets);
    }

    /** A shared-secret provider: one secret that both verifies and signs. */
    public static Example secret(String secret) {
        return new Example(List.of(secret), secret, null, null, null, null);
    }

    /** A public-key provider: {@code publicKey} in {@code secrets}, {@code privateKey} signs. */
    public static Example keyPair(String publicKey, String privateKey) {
        return new Example(List.of(publicKey), privateKey, null, null, null, null);
    }

    /** This example as a configured source named {@code name} of scheme {@code scheme}. */
    public SourceConfig source(String name, String scheme) {
        return new SourceConfig(name, scheme, null, secrets.stream().map(Secret::new).toList(), null, hmac,
                timestamp, eventId, eventType, null);
    }
}
