package io.sluice.scheme;

import java.util.List;

/** Read-only, case-insensitive view of a request's headers, independent of the HTTP library. */
public interface Headers {
    /** Every value of the header, in received order; empty when absent. */
    List<String> getAll(String name);

    /** The single value of the header, or null when absent. */
    default String get(String name) {
        List<String> all = getAll(name);
        return all.isEmpty() ? null : all.get(0);
    }
}
