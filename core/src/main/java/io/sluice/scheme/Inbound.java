package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.ValueLocator;

import java.util.List;

/**
 * One delivery under verification: single-valued header access (a repeated header is ambiguous and
 * refused) and a body parsed as JSON at most once, only when a rule needs it.
 */
final class Inbound {
    private final Delivery delivery;
    private JsonNode json;

    Inbound(Delivery delivery) {
        this.delivery = delivery;
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

    /** The scalar at {@code pointer} as text; null when absent or JSON null. */
    String jsonText(JsonPointer pointer, String what) {
        return scalar(json().at(pointer), pointer, what);
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
        return jsonText(JsonPointer.compile(locator.json()), what);
    }

    String bodySha256() {
        return Codec.sha256Hex(delivery.body());
    }
}
