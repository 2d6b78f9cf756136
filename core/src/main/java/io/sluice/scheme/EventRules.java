package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider's normalization rules as data: where in the JSON body the subject, the time and the
 * attributes are (JSON Pointers, first present wins), and whether the body must be JSON at all.
 * Immutable; each method returns a new copy.
 *
 * <pre>{@code
 * EventRules.json().subject("/data/object/id").time("/created").attribute("livemode", "/livemode")
 * }</pre>
 */
public final class EventRules {
    /** What a body must be. */
    private enum Shape { OBJECT, ARRAY, ANY }

    private final Shape shape;
    private final List<JsonPointer> subject;
    private final List<JsonPointer> time;
    private final Map<String, JsonPointer> attributes;
    /** One streaming pass over all the pointers above (null: the tree is read instead, see {@link #apply}). */
    private final JsonScan scan;
    /** Every pointer once, in the scan's order; the attribute names in their order. */
    private final List<JsonPointer> scanned;
    private final List<String> attributeNames;
    /**
     * Where each subject, time and attribute pointer's value is in the scan's values (indexes into
     * {@link #scanned}), computed once: {@link #details} ran {@code List.indexOf} per pointer per record.
     */
    private final int[] subjectAt;
    private final int[] timeAt;
    private final int[] attributeAt;

    private EventRules(Shape shape, List<JsonPointer> subject, List<JsonPointer> time,
                       Map<String, JsonPointer> attributes) {
        this.shape = shape;
        this.subject = List.copyOf(subject);
        this.time = List.copyOf(time);
        this.attributes = attributes;
        List<JsonPointer> all = new ArrayList<>();
        for (JsonPointer p : this.subject) {
            addOnce(all, p);
        }
        for (JsonPointer p : this.time) {
            addOnce(all, p);
        }
        for (JsonPointer p : attributes.values()) {
            addOnce(all, p);
        }
        this.scanned = List.copyOf(all);
        this.attributeNames = List.copyOf(attributes.keySet());
        this.subjectAt = this.subject.stream().mapToInt(scanned::indexOf).toArray();
        this.timeAt = this.time.stream().mapToInt(scanned::indexOf).toArray();
        this.attributeAt = attributeNames.stream().mapToInt(n -> scanned.indexOf(attributes.get(n))).toArray();
        boolean scannable = shape != Shape.ARRAY && !all.isEmpty() && all.size() <= JsonScan.MAX_POINTERS
                && all.stream().noneMatch(JsonPointer::matches);
        this.scan = scannable ? new JsonScan(all.toArray(new JsonPointer[0])) : null;
    }

    private static void addOnce(List<JsonPointer> all, JsonPointer p) {
        if (!all.contains(p)) {
            all.add(p);
        }
    }

    /**
     * Bodies are JSON objects: a verified, non-empty body that is not one is a corrupt record
     * (dead-lettered). An empty body passes (Standard Webhooks' libraries accept an empty payload).
     */
    public static EventRules json() {
        return new EventRules(Shape.OBJECT, List.of(), List.of(), Map.of());
    }

    /**
     * Bodies are JSON arrays (a batch of events, as SendGrid and HubSpot post); pointers start with an
     * index ({@code /0/event}); a verified, non-empty body that is not one is a corrupt record.
     */
    public static EventRules jsonArray() {
        return new EventRules(Shape.ARRAY, List.of(), List.of(), Map.of());
    }

    /** Bodies may be something else (form-encoded, empty): details come from the JSON when there is some. */
    public static EventRules anyBody() {
        return new EventRules(Shape.ANY, List.of(), List.of(), Map.of());
    }

    /** The subject: the first of these pointers holding a scalar. */
    public EventRules subject(String... pointers) {
        return new EventRules(shape, compile(pointers), time, attributes);
    }

    /** The provider's time: the first of these pointers holding a time ({@link Timestamps#any(JsonNode)}). */
    public EventRules time(String... pointers) {
        return new EventRules(shape, subject, compile(pointers), attributes);
    }

    /** One attribute: {@code name} = the scalar at {@code pointer}, when present. */
    public EventRules attribute(String name, String pointer) {
        Map<String, JsonPointer> a = new LinkedHashMap<>(attributes);
        a.put(name, JsonPointer.compile(pointer));
        return new EventRules(shape, subject, time, java.util.Collections.unmodifiableMap(a));
    }

    /**
     * False when a verified, non-empty body does not have the shape these rules expect (a JSON object,
     * or an array for {@link #jsonArray()}): a corrupt record, dead-lettered by the processor.
     */
    public boolean accepts(Payload payload) {
        return switch (shape) {
            case OBJECT -> (scan != null && payload.objectValues(scan) != null) || payload.json() != null;
            case ARRAY -> payload.jsonArray() != null;
            case ANY -> true;
        };
    }

    /** What the body must be, in words (for the dead-letter detail). */
    public String shape() {
        return switch (shape) {
            case OBJECT -> "a JSON object";
            case ARRAY -> "a JSON array";
            case ANY -> "anything";
        };
    }

    /** The JSON document the rules read: the body's object ({@link Payload#json}), or its array for {@link #jsonArray}. */
    public JsonNode document(Payload payload) {
        return shape == Shape.ARRAY ? payload.jsonArray() : payload.json();
    }

    /** The details of {@code payload}; {@link EventDetails#NONE} when it has no JSON document. */
    public EventDetails apply(Payload payload) {
        JsonNode[] values = scan == null ? null : payload.objectValues(scan);
        if (values != null) {
            return details(values);
        }
        JsonNode b = document(payload);
        if (b == null) {
            return EventDetails.NONE;
        }
        Map<String, String> a = new LinkedHashMap<>();
        attributes.forEach((name, p) -> {
            String v = text(b, p);
            if (v != null) {
                a.put(name, v);
            }
        });
        String s = null;
        for (JsonPointer p : subject) {
            s = text(b, p);
            if (s != null) {
                break;
            }
        }
        Instant t = null;
        for (JsonPointer p : time) {
            t = Timestamps.any(b.at(p));
            if (t != null) {
                break;
            }
        }
        return new EventDetails(s, t, a);
    }

    /** The same details as the tree walk below, from the values of one streaming pass. */
    private EventDetails details(JsonNode[] values) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < attributeAt.length; i++) {
            String v = scalarText(values[attributeAt[i]]);
            if (v != null) {
                a.put(attributeNames.get(i), v);
            }
        }
        String s = null;
        for (int at : subjectAt) {
            s = scalarText(values[at]);
            if (s != null) {
                break;
            }
        }
        Instant t = null;
        for (int at : timeAt) {
            t = Timestamps.any(values[at]);
            if (t != null) {
                break;
            }
        }
        return new EventDetails(s, t, a);
    }

    /** Pointer descriptions for docs. */
    @Override
    public String toString() {
        return "subject " + subject + ", time " + time + ", attributes " + attributes.keySet();
    }

    /** A scalar (string, number, boolean) as text; null for missing, null, objects and arrays. */
    public static String text(JsonNode body, JsonPointer pointer) {
        return scalarText(body.at(pointer));
    }

    private static String scalarText(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static List<JsonPointer> compile(String... pointers) {
        List<JsonPointer> out = new ArrayList<>();
        for (String p : pointers) {
            out.add(JsonPointer.compile(p));
        }
        return out;
    }
}
