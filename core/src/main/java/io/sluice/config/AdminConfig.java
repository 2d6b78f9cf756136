package io.sluice.config;

import java.util.List;

/**
 * The admin API (served by {@code up} and {@code processor}).
 *
 * @param host   bind address (default {@code 127.0.0.1}: not reachable from other hosts unless asked for)
 * @param port   bind port (default 8082; 0: any free port)
 * @param tokens bearer tokens; none configured = the admin API is off
 */
public record AdminConfig(String host, int port, List<AdminToken> tokens) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8082;

    public AdminConfig {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** Defaults: loopback, port 8082, no tokens (so the API is off). */
    public static AdminConfig defaults() {
        return new AdminConfig(DEFAULT_HOST, DEFAULT_PORT, List.of());
    }

    /** True when at least one token is configured. */
    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /** Copy with other tokens (e.g. the demo token {@code up} generates). */
    public AdminConfig withTokens(List<AdminToken> other) {
        return new AdminConfig(host, port, other);
    }

    /** Copy with another bind address (tests bind port 0). */
    public AdminConfig withAddress(String otherHost, int otherPort) {
        return new AdminConfig(otherHost, otherPort, tokens);
    }
}
