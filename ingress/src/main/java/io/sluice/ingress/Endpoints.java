package io.sluice.ingress;

import io.sluice.config.RateLimitConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Schemes;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The served sources by exact path ({@code /webhooks/<name>} and each source's {@code path}): one
 * immutable snapshot per config. A reload builds a new one (verifiers included, so a bad secret is
 * refused before anything changes) and swaps it in atomically.
 */
final class Endpoints {
    private final Map<String, Endpoint> byPath;

    private Endpoints(Map<String, Endpoint> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /**
     * @param previous the running snapshot, or null at start-up: a source whose rate limit did not
     *                 change keeps its bucket, so a reload neither refills nor empties it
     * @throws io.sluice.config.ConfigException when a verifier refuses its source's settings
     */
    static Endpoints build(SluiceConfig config, Clock clock, VerifierFactory verifiers, Endpoints previous,
                           LongSupplier nanoTime) {
        Map<String, Endpoint> out = new LinkedHashMap<>();
        for (SourceConfig s : config.sources()) {
            Endpoint e = new Endpoint(s, verifiers.create(s, clock), Schemes.handshake(s),
                    s.effectiveMaxBodyBytes(config.ingress()), limiter(s, previous, nanoTime));
            out.put(Dispatcher.WEBHOOKS + s.name(), e);
            if (s.path() != null) {
                out.put(Dispatcher.normalize(s.path()), e);
            }
        }
        return new Endpoints(out);
    }

    Endpoint get(String path) {
        return byPath.get(path);
    }

    private static TokenBucket limiter(SourceConfig s, Endpoints previous, LongSupplier nanoTime) {
        RateLimitConfig limit = s.rateLimit();
        if (limit == null) {
            return null;
        }
        Endpoint old = previous == null ? null : previous.byPath.get(Dispatcher.WEBHOOKS + s.name());
        if (old != null && old.limiter() != null && old.limiter().config().equals(limit)) {
            return old.limiter();
        }
        return new TokenBucket(limit, nanoTime);
    }
}
