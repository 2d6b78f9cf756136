package io.sluice.scheme;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A verified body as normalization reads it (the processor's side): the bytes, the content type,
 * the body as a JSON object (parsed at most once, bounded like the verifiers' reader) and, for
 * form-encoded bodies, the form fields. Never throws on bad input: what cannot be read is absent.
 */
public final class Payload {
    private final byte[] body;
    private final String contentType;
    private JsonNode json;
    private JsonNode tree;
    private boolean parsed;
    private Map<String, String> form;
    private JsonScan scannedFor;
    private JsonNode[] scanned;

    public Payload(byte[] body, String contentType) {
        this.body = body == null ? new byte[0] : body;
        this.contentType = contentType == null ? "" : contentType;
    }

    public byte[] body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    /** True when the content type says the body is form-encoded. */
    public boolean isForm() {
        return contentType.toLowerCase(Locale.ROOT).startsWith(FormBody.CONTENT_TYPE);
    }

    /**
     * The body as a JSON object; for a form-encoded body, the JSON object in its {@code payload} field
     * (GitHub's form deliveries, Slack interactivity); null when there is none.
     */
    public JsonNode json() {
        if (!parsed) {
            parsed = true;
            tree = container(body);
            if (tree == null && isForm()) {
                String p = form().get("payload");
                tree = p == null ? null : container(Codec.utf8(p));
            }
            json = tree != null && tree.isObject() ? tree : null;
        }
        return json;
    }

    /**
     * The values at {@code scan}'s pointers when the body itself is a JSON object, read in one
     * streaming pass without building its tree (each value is the node {@code json().at(pointer)}
     * would give); null when the body is not a JSON object (then {@link #json()} decides: a form's
     * {@code payload} field, an array, nothing) or its tree is already built.
     */
    JsonNode[] objectValues(JsonScan scan) {
        if (parsed || !startsWithBrace(body)) {
            return null;
        }
        if (scannedFor == scan) {
            return scanned;
        }
        try {
            scanned = scan.read(body, "the body"); // valid JSON starting with '{': an object
        } catch (Rejection e) {
            return null;
        }
        scannedFor = scan;
        return scanned;
    }

    /** True once the body's tree was built (tests: normalization of a JSON object does without it). */
    boolean treeBuilt() {
        return parsed;
    }

    private static boolean startsWithBrace(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return c == '{';
            }
        }
        return false;
    }

    /** The body as a JSON object or array (SendGrid posts a batch as an array); null when it is neither. */
    public JsonNode tree() {
        json();
        return tree;
    }

    /** The body as a JSON array (a batch of events); null when it is not one. */
    public JsonNode jsonArray() {
        JsonNode t = tree();
        return t != null && t.isArray() ? t : null;
    }

    /** Form fields (first value of each name); empty unless the content type is form-encoded. */
    public Map<String, String> form() {
        if (form == null) {
            form = isForm() ? parseForm(new String(body, StandardCharsets.UTF_8)) : Map.of();
        }
        return form;
    }

    /** Decoded {@code name=value} pairs of a query string or form body; malformed escapes are skipped. */
    public static Map<String, String> parseForm(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: skip the field
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static JsonNode container(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            JsonNode n = Json.parse(bytes, "the body");
            return n.isContainerNode() ? n : null;
        } catch (Rejection e) {
            return null;
        }
    }
}
