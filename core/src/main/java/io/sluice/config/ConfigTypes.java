package io.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The config's own value types, as Jackson deserializers: durations ({@code 5m}), secrets, rates
 * ({@code 200/s}), paths, and the lower-case names of schemes, scopes and route formats. A problem is
 * thrown as a {@link ConfigException} without a key; {@link ConfigLoader} adds the key path Jackson
 * tracked.
 */
final class ConfigTypes {
    private ConfigTypes() {
    }

    static Module module() {
        SimpleModule m = new SimpleModule("sluice-config");
        m.addDeserializer(Duration.class, scalar(Duration.class, v -> Durations.parse("", v)));
        m.addDeserializer(Secret.class, scalar(Secret.class, Secret::new));
        m.addDeserializer(Path.class, scalar(Path.class, Path::of));
        m.addDeserializer(Scope.class, scalar(Scope.class, v -> named("scope", v, Scope.byId(v), Scope.values(), Scope::id)));
        m.addDeserializer(RouteFormat.class, scalar(RouteFormat.class,
                v -> named("format", v, RouteFormat.byId(v), RouteFormat.values(), RouteFormat::id)));
        m.addDeserializer(RateLimitConfig.class, new RateLimitDeserializer());
        return m;
    }

    /** A value written as one YAML scalar; a mapping or list in its place is "must be a single value". */
    private static <T> JsonDeserializer<T> scalar(Class<T> type, Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == null || !p.currentToken().isScalarValue()) {
                    return type.cast(ctxt.handleUnexpectedToken(type, p));
                }
                return parse.apply(p.getValueAsString());
            }
        };
    }

    private static <E> E named(String what, String value, Optional<E> found, E[] all, Function<E, String> id) {
        return found.orElseThrow(() -> new ConfigException("", "unknown " + what + " '" + value + "' (known: "
                + Arrays.stream(all).map(id).collect(Collectors.joining(", ")) + ")"));
    }

    /** {@code rate-limit: {rate: 200/s, burst: 400}}; burst defaults to one second's worth. */
    private static final class RateLimitDeserializer extends JsonDeserializer<RateLimitConfig> {
        @Override
        public RateLimitConfig deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            RateLimitFile f = ctxt.readValue(p, RateLimitFile.class);
            if (f.rate() == null || f.rate().isBlank()) {
                throw new ConfigException("rate", "is required (e.g. 200/s, 30/m)");
            }
            double perSecond = Rates.parse("rate", f.rate());
            int burst = f.burst() == null ? RateLimitConfig.defaultBurst(perSecond) : f.burst();
            if (burst < 1) {
                throw new ConfigException("burst", "must be at least 1, not " + burst);
            }
            return new RateLimitConfig(perSecond, burst);
        }
    }

    /** The file's shape of a rate limit. */
    record RateLimitFile(String rate, Integer burst) {
    }
}
