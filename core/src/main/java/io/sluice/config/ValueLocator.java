package io.sluice.config;

/**
 * Where a value (timestamp, event id, event type) is read from a delivery: a request header or a
 * JSON Pointer into the body. Exactly one of the two is set.
 *
 * @param header header name (case-insensitive), or null
 * @param json   RFC 6901 JSON Pointer such as {@code /id}, or null
 */
public record ValueLocator(String header, String json) {
    public ValueLocator {
        if ((header == null) == (json == null)) {
            throw new IllegalArgumentException("set exactly one of 'header' or 'json'");
        }
    }

    public static ValueLocator header(String name) {
        return new ValueLocator(name, null);
    }

    public static ValueLocator json(String pointer) {
        return new ValueLocator(null, pointer);
    }

    public boolean isHeader() {
        return header != null;
    }
}
