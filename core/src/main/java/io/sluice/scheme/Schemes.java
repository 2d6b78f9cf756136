package io.sluice.scheme;

import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a configured source into its verifier and signer, through its {@link Provider} in
 * {@link Providers}. Key material is decoded here, once; a secret that cannot be decoded is a
 * {@link io.sluice.config.ConfigException} naming the key, never a per-request failure.
 */
public final class Schemes {
    /** Headers that carry credentials whatever the scheme; never stored. */
    private static final Set<String> ALWAYS_SECRET = Set.of(
            "authorization", "proxy-authorization", "cookie", "x-aihummer-inbound-secret");

    private Schemes() {
    }

    /** The verifier of {@code source}: immutable, thread-safe, never throws from {@code verify}. */
    public static WebhookVerifier verifier(SourceConfig source, Clock clock) {
        return create(source, clock);
    }

    /**
     * The signer of {@code source}: signs with its first secret; generates an event id for schemes that
     * carry one in a header when {@link SignRequest#eventId()} is null; uses {@code clock} when
     * {@link SignRequest#time()} is null.
     */
    public static WebhookSigner signer(SourceConfig source, Clock clock) {
        return create(source, clock);
    }

    /** Lower-case names of the request headers of {@code source} that must never be stored or logged. */
    public static Set<String> secretHeaders(SourceConfig source) {
        Set<String> out = new TreeSet<>(ALWAYS_SECRET);
        out.addAll(Providers.get(source.scheme()).secretHeadersLowerCase(source));
        return Set.copyOf(out);
    }

    /** The handshake of {@code source}'s provider ({@link Handshake#NONE} when it has none). */
    public static Handshake handshake(SourceConfig source) {
        return Providers.get(source.scheme()).handshake();
    }

    private static Scheme create(SourceConfig source, Clock clock) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(clock, "clock");
        if (source.secrets().isEmpty()) {
            throw new io.sluice.config.ConfigException("sources." + source.name() + ".secrets", "at least one secret is required");
        }
        return Providers.get(source.scheme()).scheme(source, clock);
    }
}
