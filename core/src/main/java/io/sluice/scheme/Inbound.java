package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.ValueLocator;

import java.util.List;

/**
 * One delivery under verification: single-valued header access (a repeated header is ambiguous and
 * refused) and a body read as JSON only when a rule needs it: values at JSON Pointers come from one
 * streaming pass over the pointers the verifier reads ({@link BodyPointers}, {@link JsonScan}); the
 * whole tree is built at most once, only for code that asks for it ({@link #json()}).
 */
final class Inbound {
    /** Compiled pointers of configured locators (a config holds a handful; bounded anyway). */
    private static final java.util.concurrent.ConcurrentHashMap<String, JsonPointer> COMPILED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_COMPILED = 1024;

    private final Delivery delivery;
    private final BodyPointers pointers;
    private JsonNode json;
    private BodyPointers.Known scannedFor;
    private JsonNode[] scanned;

    Inbound(Delivery delivery) {
        this(delivery, null);
    }

    /** @param pointers the verifier's learned pointers, or null to read values from the tree */
    Inbound(Delivery delivery, BodyPointers pointers) {
        this.delivery = delivery;
        this.pointers = pointers;
    }

    byte[] body() {
        return delivery.body();
    }

    String url() {
        return delivery.url() == null ? "" : delivery.url();
    }

    /**
     * The header's only value, trimmed; null when absent or blank.
     *
     * @throws Rejection MALFORMED_HEADER when the header appears more than once: two signatures or two
     *                   ids in separate lines are ambiguous, and picking one would let a proxy and
     *                   Sluice disagree about what was verified
     */
    String header(String name) {
        List<String> all = delivery.headers().getAll(name);
        if (all == null || all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw new Rejection(Reason.MALFORMED_HEADER, "header " + name + " appears more than once");
        }
        String v = all.get(0);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    /** The body as JSON, parsed on first use. */
    JsonNode json() {
        if (json == null) {
            json = Json.parse(delivery.body(), "the body");
        }
        return json;
    }

    boolean bodyLooksLikeJson() {
        byte[] b = delivery.body();
        for (byte c : b) {
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            return c == '{' || c == '[';
        }
        return false;
    }

    /**
     * The node at {@code pointer}, as {@code json().at(pointer)} (MissingNode when absent), without
     * building the tree when the verifier's pointers can be scanned for.
     *
     * @throws Rejection INVALID_JSON when the body is not JSON
     */
    JsonNode jsonAt(JsonPointer pointer) {
        if (json != null || pointers == null) {
            return json().at(pointer);
        }
        BodyPointers.Known k = pointers.known();
        int i = k.indexOf(pointer);
        if (i < 0) {
            k = pointers.learn(pointer);
            if (k == null) {
                return json().at(pointer);
            }
            i = k.indexOf(pointer);
        }
        if (scannedFor != k) {
            scanned = k.scan.read(delivery.body(), "the body");
            scannedFor = k;
        }
        return scanned[i];
    }

    /** The scalar at {@code pointer} as text; null when absent or JSON null. */
    String jsonText(JsonPointer pointer, String what) {
        return scalar(jsonAt(pointer), pointer, what);
    }

    static String scalar(JsonNode n, JsonPointer pointer, String what) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isContainerNode()) {
            throw new Rejection(Reason.INVALID_JSON, what + " at " + pointer + " is not a string or number");
        }
        return n.isTextual() ? n.textValue() : n.asText();
    }

    /** Reads a value from where a locator points; null when absent. */
    String read(ValueLocator locator, String what) {
        if (locator.isHeader()) {
            return header(locator.header());
        }
        return jsonText(compiled(locator.json()), what);
    }

    /** The compiled pointer, compiled once per distinct text (per request, it was a parse and a few objects). */
    static JsonPointer compiled(String pointer) {
        JsonPointer p = COMPILED.get(pointer);
        if (p == null) {
            p = JsonPointer.compile(pointer);
            if (COMPILED.size() < MAX_COMPILED) {
                COMPILED.putIfAbsent(pointer, p);
            }
        }
        return p;
    }

    String bodySha256() {
        return Codec.sha256Hex(delivery.body());
    }
}
