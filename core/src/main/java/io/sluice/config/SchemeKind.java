package io.sluice.config;

import java.util.Arrays;
import java.util.Optional;

/** The signature schemes (presets) a source may name in {@code scheme:}. */
public enum SchemeKind {
    HYPERSPELL("hyperspell"),
    HUME("hume"),
    HYPONEMA("hyponema"),
    AIHUMMER_INBOUND("aihummer-inbound"),
    AIHUMMER_TRIGGER("aihummer-trigger"),
    STANDARD_WEBHOOKS("standard-webhooks"),
    STRIPE("stripe"),
    GITHUB("github"),
    SLACK("slack"),
    SHOPIFY("shopify"),
    HMAC("hmac");

    private final String id;

    SchemeKind(String id) {
        this.id = id;
    }

    /** The name used in the config file. */
    public String id() {
        return id;
    }

    public static Optional<SchemeKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
