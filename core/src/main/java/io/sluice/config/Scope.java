package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an admin token may do: {@code read} (look), {@code replay} (start and cancel replays),
 * {@code admin} (reload the config, issue stream tokens). Scopes do not imply each other.
 */
public enum Scope {
    READ, REPLAY, ADMIN;

    /** The name used in the config file, e.g. {@code read}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
