package io.sluice.scheme;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Map;

/**
 * A request as a {@link Handshake} sees it: the method, the URL (for query parameters), the headers
 * and the body (empty for GET).
 */
public final class HandshakeRequest {
    private final String method;
    private final Delivery delivery;
    private Map<String, String> query;
    private JsonNode json;
    private boolean parsed;

    public HandshakeRequest(String method, Delivery delivery) {
        this.method = method;
        this.delivery = delivery;
    }

    /** {@code GET}, {@code POST}… (upper case). */
    public String method() {
        return method;
    }

    public boolean isGet() {
        return "GET".equals(method);
    }

    public Delivery delivery() {
        return delivery;
    }

    /** The header's first value, trimmed; null when absent or blank. */
    public String header(String name) {
        String v = delivery.headers().get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.trim();
    }

    /** A decoded query parameter; null when absent. */
    public String query(String name) {
        if (query == null) {
            String raw = null;
            try {
                raw = delivery.url() == null ? null : URI.create(delivery.url()).getRawQuery();
            } catch (IllegalArgumentException e) {
                raw = null;
            }
            query = Payload.parseForm(raw);
        }
        return query.get(name);
    }

    /** The body as a JSON object, or null when it is not one. */
    public JsonNode json() {
        if (!parsed) {
            parsed = true;
            json = new Payload(delivery.body(), "application/json").json();
        }
        return json;
    }

    /** The text at {@code pointer} of the JSON body when it is a string, else null. */
    public String jsonText(String pointer) {
        JsonNode b = json();
        if (b == null) {
            return null;
        }
        JsonNode n = b.at(pointer);
        return n.isTextual() ? n.textValue() : null;
    }
}
