package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;

import java.util.Arrays;

/**
 * The JSON Pointers one verifier has read from bodies so far, learned as it reads them, so that
 * every later delivery reads them all in one {@link JsonScan} pass instead of building the body's
 * tree. A verifier reads a fixed handful (its rules and the source's overrides); past
 * {@link JsonScan#MAX_POINTERS}, reads fall back to the tree. Thread-safe: verifiers are shared by
 * the event loops.
 */
final class BodyPointers {
    /** The root pointer is the whole document: never scanned for. */
    private static final JsonPointer ROOT = JsonPointer.empty();

    private volatile Known known = new Known(new JsonPointer[0]);

    /** An immutable snapshot: the pointers and their scan. */
    static final class Known {
        final JsonPointer[] pointers;
        final JsonScan scan;

        Known(JsonPointer[] pointers) {
            this.pointers = pointers;
            this.scan = new JsonScan(pointers);
        }

        int indexOf(JsonPointer p) {
            for (int i = 0; i < pointers.length; i++) {
                if (pointers[i] == p || pointers[i].equals(p)) {
                    return i;
                }
            }
            return -1;
        }
    }

    Known known() {
        return known;
    }

    /** The snapshot that includes {@code p}, or null when it cannot be scanned for (root, too many). */
    synchronized Known learn(JsonPointer p) {
        Known k = known;
        if (k.indexOf(p) >= 0) {
            return k;
        }
        if (p.matches() || p.equals(ROOT) || k.pointers.length >= JsonScan.MAX_POINTERS) {
            return null;
        }
        JsonPointer[] more = Arrays.copyOf(k.pointers, k.pointers.length + 1);
        more[k.pointers.length] = p;
        known = new Known(more);
        return known;
    }
}
