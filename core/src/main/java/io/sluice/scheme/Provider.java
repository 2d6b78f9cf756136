package io.sluice.scheme;

import io.sluice.config.SourceConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything Sluice knows about one webhook provider (one preset of DESIGN.md "Schemes"): its scheme
 * name, how it signs (verifier and signer), where the event id, type, time, subject and attributes
 * are, its verification handshake, a sample body and where its test vectors came from. Every part
 * is an abstract method, so a provider that lacks one does not compile; families
 * ({@link HmacProvider}, {@link StandardWebhooksProvider}, …) fill in the signature parts from data.
 * Providers are registered in {@link Providers#ALL}; nothing else names them.
 */
public abstract class Provider {
    /** The {@code scheme:} name: the provider's name in lower case, hyphenated. */
    public abstract String name();

    /** How it signs. */
    public abstract Family family();

    /** The request headers it sends that Sluice reads, the signature header first (docs table). */
    public abstract List<String> headers();

    /** Timestamp tolerance when the source sets none; {@link Duration#ZERO} when it sends no timestamp. */
    public abstract Duration tolerance();

    /** Where the event id comes from, in words (docs table), e.g. {@code header X-GitHub-Delivery}. */
    public abstract String eventIdSource();

    /** Its verification handshake, or {@link Handshake#NONE}. */
    public abstract Handshake handshake();

    /** Subject, time and attributes of its bodies, and whether they must be JSON. */
    public abstract EventRules events();

    /** {@link #events()} built once: rules compile their pointers, and normalization reads them per record. */
    private volatile EventRules rules;

    /** The provider's {@link #events()}, built on first use and kept (providers are singletons). */
    public final EventRules rules() {
        EventRules r = rules;
        if (r == null) {
            r = events();
            rules = r;
        }
        return r;
    }

    /** A realistic body, for {@code up}'s printed {@code curl} and the topology tests. */
    public abstract String sampleBody(Instant now);

    /**
     * Where its test vectors came from: the official library and version that made them, or the
     * documentation page they were copied from (file {@code core/src/test/resources/vectors/<name>.json}).
     */
    public abstract String vectorOrigin();

    /**
     * How its rule is proven by an implementation other than Sluice's (issue #10: a provider with no proof stays
     * out of the registry). A new descriptor must say which; {@code ProviderProofTest} checks the claim against
     * its vectors file (an accepted {@code official_verifier}, or a case tagged {@code proof} of that kind).
     */
    public abstract Proof proof();

    /** The verifier and signer of one source; decodes key material once (config errors name the key). */
    abstract Scheme scheme(SourceConfig source, Clock clock);

    /** A typical source, for tests and benchmarks. */
    public Example example() {
        return Example.secret("example-secret-0123456789");
    }

    /**
     * Subject, time and attributes of one verified body; {@link #events()} applied, unless a provider
     * needs more (form bodies, source-configured locations).
     */
    public EventDetails details(Payload payload, SourceConfig source) {
        return rules().apply(payload);
    }

    /**
     * The header in which the provider names the app a delivery is for (Pusher's {@code X-Pusher-Key}), checked
     * against the source's {@code app-key} when it sets one; null when the provider sends none (then
     * {@code app-key} is a config error).
     */
    public String appKeyHeader() {
        return null;
    }

    /** Request headers of {@code source} that carry credentials (never stored or logged): the signature header. */
    public Set<String> secretHeaders(SourceConfig source) {
        return Set.of(headers().get(0));
    }

    /** Lower-cased {@link #secretHeaders}. */
    final Set<String> secretHeadersLowerCase(SourceConfig source) {
        Set<String> out = new TreeSet<>();
        secretHeaders(source).forEach(h -> out.add(h.toLowerCase(Locale.ROOT)));
        return out;
    }

    @Override
    public String toString() {
        return name();
    }
}
