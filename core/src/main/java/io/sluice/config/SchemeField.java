package io.sluice.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code sources[].scheme}: the one place where the config's scheme name becomes a scheme. */
final class SchemeField {
    private SchemeField() {
    }

    /** @throws ConfigException (without key: the loader adds it) when no scheme has that name */
    static SchemeKind parse(String id) {
        return SchemeKind.byId(id).orElseThrow(() -> new ConfigException("", "unknown scheme '" + id + "' (known: "
                + Arrays.stream(SchemeKind.values()).map(SchemeKind::id).collect(Collectors.joining(", ")) + ")"));
    }
}
