package io.sluice.schemas;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link WebhookEvent} as a CloudEvent in the JSON event format (structured mode,
 * {@value #CONTENT_TYPE}): what a {@code format: json} route carries.
 *
 * <pre>
 * {"specversion":"1.0","id":"…","source":"sluice/&lt;source&gt;","type":"…","subject":"…","time":"…",
 *  "datacontenttype":"application/json","receivedat":"…","deliveryattempt":2,
 *  "app":"acme","userid":"u-1",…,"attributenames":"app,user_id,…",
 *  "data":{ the provider's JSON payload, as received }}
 * </pre>
 *
 * <ul>
 *   <li>{@code data}: a JSON payload (JSON content type and valid JSON) is embedded as JSON, its text
 *       exactly as received less surrounding whitespace; anything else goes to {@code data_base64}
 *       byte for byte.</li>
 *   <li>Extensions: {@code receivedat} (RFC 3339), {@code deliveryattempt} (when known), and one per
 *       entry of {@link WebhookEvent#getAttributes()}, named by {@link #extensionNames}: lower-cased,
 *       non-alphanumerics dropped ({@code user_id} → {@code userid}), prefixed {@code attr} where that
 *       would clash ({@code source} → {@code attrsource}). {@code attributenames} lists the original
 *       names, comma-separated, so that {@link #decode} gives the same attributes as the Avro form.</li>
 * </ul>
 */
public final class CloudEventJson {
    /** The content type of a structured-mode record. */
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String SPEC_VERSION = "1.0";
    /** {@code source} = this prefix + the Sluice source name. */
    public static final String SOURCE_PREFIX = "sluice/";
    /** The CloudEvents type of an event without a type (CloudEvents requires a non-empty one). */
    public static final String UNTYPED = "sluice.untyped";
    public static final String RECEIVED_AT = "receivedat";
    public static final String DELIVERY_ATTEMPT = "deliveryattempt";
    public static final String ATTRIBUTE_NAMES = "attributenames";

    /** Context attribute names an attribute extension must not take. */
    private static final Set<String> RESERVED = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data", "data_base64", RECEIVED_AT, DELIVERY_ATTEMPT, ATTRIBUTE_NAMES);
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private CloudEventJson() {
    }

    /** {@code sluice/<source>}. */
    public static String ceSource(String sourceName) {
        return SOURCE_PREFIX + sourceName;
    }

    /** The CloudEvents type of an event type: itself, or {@value #UNTYPED} when empty. */
    public static String ceType(String eventType) {
        return eventType == null || eventType.isEmpty() ? UNTYPED : eventType;
    }

    /**
     * The extension name of each attribute name, in order: lower-case alphanumerics only (the
     * CloudEvents naming rule), {@code attr}-prefixed when empty, reserved or already taken, then
     * numbered if still taken. Deterministic, so the decoder can map names back.
     */
    public static Map<String, String> extensionNames(Iterable<String> attributeNames) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String name : attributeNames) {
            StringBuilder b = new StringBuilder();
            for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                    b.append(c);
                }
            }
            String n = b.toString();
            if (n.isEmpty() || RESERVED.contains(n) || taken.contains(n)) {
                n = "attr" + n;
            }
            String base = n;
            for (int i = 2; RESERVED.contains(n) || taken.contains(n); i++) {
                n = base + i;
            }
            taken.add(n);
            out.put(name, n);
        }
        return out;
    }

    /** True for {@code application/json}, {@code text/json} and any {@code …+json} media type. */
    public static boolean isJsonMediaType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String t = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
        return t.equals("application/json") || t.equals("text/json") || t.endsWith("+json");
    }

    /** Encodes one event as a structured-mode CloudEvent (UTF-8 JSON). */
    public static byte[] encode(WebhookEvent e) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256 + e.getData().remaining() * 4 / 3);
        try (JsonGenerator g = JSON.createGenerator(buf, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("specversion", SPEC_VERSION);
            g.writeStringField("id", e.getId());
            g.writeStringField("source", ceSource(e.getSource()));
            g.writeStringField("type", ceType(e.getType()));
            if (e.getSubject() != null && !e.getSubject().isEmpty()) {
                g.writeStringField("subject", e.getSubject());
            }
            if (e.getTime() != null) {
                g.writeStringField("time", e.getTime().toString());
            }
            g.writeStringField("datacontenttype", e.getContentType());
            g.writeStringField(RECEIVED_AT, e.getReceivedAt().toString());
            if (e.getDeliveryAttempt() != null) {
                g.writeNumberField(DELIVERY_ATTEMPT, e.getDeliveryAttempt());
            }
            Map<String, String> attributes = e.getAttributes();
            if (!attributes.isEmpty()) {
                for (Map.Entry<String, String> n : extensionNames(attributes.keySet()).entrySet()) {
                    g.writeStringField(n.getValue(), attributes.get(n.getKey()));
                }
                g.writeStringField(ATTRIBUTE_NAMES, String.join(",", attributes.keySet()));
            }
            byte[] data = bytes(e.getData());
            String json = isJsonMediaType(e.getContentType()) ? jsonText(data) : null;
            if (json != null) {
                g.writeFieldName("data");
                g.writeRawValue(json);
            } else {
                g.writeStringField("data_base64", Base64.getEncoder().encodeToString(data));
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return buf.toByteArray();
    }

    /** The payload as text when it is exactly one valid JSON value in valid UTF-8, trimmed; else null. */
    private static String jsonText(byte[] data) {
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() == null) {
                return null;
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return null;
            }
        } catch (IOException ex) {
            // not JSON, or not valid UTF-8: goes to data_base64 byte for byte
            return null;
        }
        return new String(data, StandardCharsets.UTF_8).strip();
    }

    /**
     * Decodes a structured-mode CloudEvent written by {@link #encode} (or by another producer: unknown
     * extensions become attributes under their own names).
     *
     * @throws IllegalArgumentException when the bytes are not a CloudEvents 1.0 JSON object with
     *                                  {@code id}, {@code source} and {@code type}
     */
    public static WebhookEvent decode(byte[] json) {
        Map<String, String> strings = new HashMap<>();
        Map<String, String> extensions = new LinkedHashMap<>();
        Integer attempt = null;
        byte[] data = null;
        boolean dataIsString = false;
        String dataString = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("data")) {
                    if (t == JsonToken.VALUE_STRING) {
                        dataIsString = true;
                        dataString = p.getText();
                    }
                    data = slice(json, p);
                } else if (name.equals(DELIVERY_ATTEMPT) && t == JsonToken.VALUE_NUMBER_INT) {
                    attempt = p.getIntValue();
                } else if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                    (isContextAttribute(name) ? strings : extensions).put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException ex) {
            throw new IllegalArgumentException("not CloudEvents JSON", ex);
        }
        if (!SPEC_VERSION.equals(strings.get("specversion"))) {
            throw new IllegalArgumentException("specversion is not " + SPEC_VERSION);
        }
        for (String required : List.of("id", "source", "type")) {
            if (strings.get(required) == null) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        String contentType = strings.getOrDefault("datacontenttype", "application/json");
        if (strings.containsKey("data_base64")) {
            data = Base64.getDecoder().decode(strings.get("data_base64"));
        } else if (dataIsString && !isJsonMediaType(contentType)) {
            data = dataString.getBytes(StandardCharsets.UTF_8);
        }
        String source = strings.get("source");
        String type = strings.get("type");
        return WebhookEvent.newBuilder()
                .setId(strings.get("id"))
                .setSource(source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source)
                .setType(type.equals(UNTYPED) ? "" : type)
                .setSubject(strings.get("subject"))
                .setTime(time(strings.get("time")))
                .setReceivedAt(extensions.containsKey(RECEIVED_AT) ? time(extensions.remove(RECEIVED_AT)) : Instant.EPOCH)
                .setDeliveryAttempt(attempt)
                .setContentType(contentType)
                .setData(ByteBuffer.wrap(data == null ? new byte[0] : data))
                .setAttributes(attributes(extensions))
                .build();
    }

    private static boolean isContextAttribute(String name) {
        return RESERVED.contains(name) && !name.equals(RECEIVED_AT) && !name.equals(ATTRIBUTE_NAMES)
                || name.equals("data_base64");
    }

    /** The exact bytes of the current value (object, array or scalar), advancing past it. */
    private static byte[] slice(byte[] json, JsonParser p) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken();
        }
        int end = (int) p.currentLocation().getByteOffset();
        byte[] out = new byte[end - start];
        System.arraycopy(json, start, out, 0, out.length);
        return out;
    }

    /** Extensions back to attributes: through {@code attributenames} when present, else by their own names. */
    private static Map<String, String> attributes(Map<String, String> extensions) {
        String names = extensions.remove(ATTRIBUTE_NAMES);
        Map<String, String> out = new LinkedHashMap<>();
        if (names != null && !names.isEmpty()) {
            List<String> list = new ArrayList<>(List.of(names.split(",")));
            for (Map.Entry<String, String> n : extensionNames(list).entrySet()) {
                String v = extensions.remove(n.getValue());
                if (v != null) {
                    out.put(n.getKey(), v);
                }
            }
        }
        out.putAll(extensions);
        return out;
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + text, e);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
