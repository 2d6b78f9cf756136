package io.sluice.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret value from the config. {@link #toString()} never reveals it, so a config record can be
 * logged or printed in an error without leaking keys.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself: call only where it is used as key material. */
    public String reveal() {
        return value;
    }

    /** The secret's UTF-8 bytes: the key material for HMAC schemes that use the secret as text. */
    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && java.security.MessageDigest.isEqual(utf8(), s.utf8());
    }

    @Override
    public int hashCode() {
        return 0; // constant on purpose: a hash derived from the secret would leak bits of it
    }

    @Override
    public String toString() {
        return "***";
    }
}
