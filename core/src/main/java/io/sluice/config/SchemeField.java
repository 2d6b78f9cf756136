package io.sluice.config;

import io.sluice.scheme.Family;
import io.sluice.scheme.Providers;

/** {@code sources[].scheme}: the one place where the config's scheme name is checked against the provider registry. */
final class SchemeField {
    private SchemeField() {
    }

    /** @throws ConfigException naming {@code key} and listing the valid names when no provider has that name */
    static void check(String key, String scheme) {
        if (Providers.find(scheme).isEmpty()) {
            throw new ConfigException(key, "unknown scheme '" + scheme + "' (known: " + Providers.names() + ")");
        }
    }

    /** True when the scheme's deliveries name their app in a header that the source's {@code app-key} is checked against. */
    static boolean takesAppKey(String scheme) {
        return Providers.get(scheme).appKeyHeader() != null;
    }

    /** True when the scheme's signature rule is the source's {@code hmac} block ({@code hmac}, {@code hyponema}). */
    static boolean takesHmacBlock(String scheme) {
        return Providers.get(scheme).family() == Family.CONFIGURED_HMAC;
    }
}
