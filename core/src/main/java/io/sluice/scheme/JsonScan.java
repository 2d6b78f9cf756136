package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the values at a few JSON Pointers with one streaming pass over a body, without building
 * the document's tree: the verifiers need two or three fields of a body they must still prove to be
 * JSON. The pass reads every token to the end, with the same bounds as {@link Json#parse} (nesting
 * depth, number length, no trailing tokens), so a body it accepts is exactly a body {@link Json#parse}
 * accepts, and each value is the node {@code Json.parse(body).at(pointer)} returns (a later duplicate
 * key replaces an earlier one, as in the tree). Only the values at the pointers are built as nodes.
 */
final class JsonScan {
    /** Pointers per scan: one bit each in the live sets. */
    static final int MAX_POINTERS = 64;

    private final JsonPointer[] pointers;
    /** Per pointer, its segments: the property name and the array index (-1: not an index). */
    private final String[][] names;
    private final int[][] indexes;

    /** @param pointers at most {@link #MAX_POINTERS}, none of them the whole document ("") */
    JsonScan(JsonPointer[] pointers) {
        if (pointers.length > MAX_POINTERS) {
            throw new IllegalArgumentException("at most " + MAX_POINTERS + " pointers");
        }
        this.pointers = pointers.clone();
        names = new String[pointers.length][];
        indexes = new int[pointers.length][];
        for (int i = 0; i < pointers.length; i++) {
            List<String> n = new ArrayList<>();
            List<Integer> x = new ArrayList<>();
            for (JsonPointer q = pointers[i]; !q.matches(); q = q.tail()) {
                n.add(q.getMatchingProperty());
                x.add(q.getMatchingIndex());
            }
            if (n.isEmpty()) {
                throw new IllegalArgumentException("the root pointer needs the whole tree");
            }
            names[i] = n.toArray(new String[0]);
            indexes[i] = x.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * The value at each pointer, in order; {@link MissingNode} where there is none.
     *
     * @throws Rejection INVALID_JSON, with the messages of {@link Json#parse}, when the body is not JSON
     */
    JsonNode[] read(byte[] body, String what) {
        JsonNode[] out = new JsonNode[pointers.length];
        java.util.Arrays.fill(out, MissingNode.getInstance());
        long all = pointers.length == MAX_POINTERS ? -1L : (1L << pointers.length) - 1;
        try (JsonParser p = Json.parser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new Rejection(Reason.INVALID_JSON, what + " is empty, JSON expected");
            }
            value(p, t, all, 0, out);
            if (p.nextToken() != null) {
                throw new Rejection(Reason.INVALID_JSON, what + " is not valid JSON");
            }
        } catch (Rejection r) {
            throw r;
        } catch (Exception | StackOverflowError e) {
            // The parser's message may quote the input; keep the detail generic.
            throw new Rejection(Reason.INVALID_JSON, what + " is not valid JSON");
        }
        return out;
    }

    /**
     * Reads the value starting at token {@code t} at {@code depth}; {@code live}: the pointers whose
     * first {@code depth} segments are this value's path.
     */
    private void value(JsonParser p, JsonToken t, long live, int depth, JsonNode[] out) throws java.io.IOException {
        if (live == 0) {
            p.skipChildren(); // still tokenizes (and so validates) everything inside
            return;
        }
        // this value replaces whatever an earlier duplicate key put at these pointers
        for (long m = live; m != 0; m &= m - 1) {
            out[Long.numberOfTrailingZeros(m)] = MissingNode.getInstance();
        }
        boolean target = false;
        for (long m = live; m != 0; m &= m - 1) {
            if (names[Long.numberOfTrailingZeros(m)].length == depth) {
                target = true;
                break;
            }
        }
        if (target) {
            // a pointer ends here: build this value only, and read the longer pointers inside it
            JsonNode node = scalar(p, t);
            if (node == null) {
                node = Json.readValue(p);
            }
            for (long m = live; m != 0; m &= m - 1) {
                int i = Long.numberOfTrailingZeros(m);
                out[i] = node.at(tail(pointers[i], depth));
            }
            return;
        }
        if (t == JsonToken.START_OBJECT) {
            JsonToken f;
            while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                long child = 0;
                for (long m = live; m != 0; m &= m - 1) {
                    int i = Long.numberOfTrailingZeros(m);
                    if (names[i][depth].equals(name)) {
                        child |= 1L << i;
                    }
                }
                value(p, p.nextToken(), child, depth + 1, out);
            }
            if (f != JsonToken.END_OBJECT) {
                throw new java.io.IOException("unexpected token");
            }
        } else if (t == JsonToken.START_ARRAY) {
            int index = 0;
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                if (e == null) {
                    throw new java.io.IOException("unexpected end");
                }
                long child = 0;
                for (long m = live; m != 0; m &= m - 1) {
                    int i = Long.numberOfTrailingZeros(m);
                    if (indexes[i][depth] == index) {
                        child |= 1L << i;
                    }
                }
                value(p, e, child, depth + 1, out);
                index++;
            }
        }
        // a scalar: the longer pointers find nothing in it (already reset to missing)
    }

    /**
     * The node the tree reader builds for a string, an integer that fits a long, a boolean or null (the
     * values the rules read: ids, times, attributes), without a deserialization context per value;
     * null for anything else (containers, floats, big integers), which {@link Json#readValue} builds.
     */
    private static JsonNode scalar(JsonParser p, JsonToken t) throws java.io.IOException {
        return switch (t) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> null;
            };
            default -> null;
        };
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonPointer tail(JsonPointer p, int depth) {
        JsonPointer q = p;
        for (int i = 0; i < depth; i++) {
            q = q.tail();
        }
        return q;
    }
}
