package io.sluice.scheme;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Read-only, case-insensitive view of a request's headers, independent of the HTTP library. */
public interface Headers {
    /** Every value of the header, in received order; empty when absent. */
    List<String> getAll(String name);

    /** The single value of the header, or null when absent. */
    default String get(String name) {
        List<String> all = getAll(name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Headers with one value each (e.g. what a {@link WebhookSigner} returns); names are case-insensitive. */
    static Headers of(Map<String, String> single) {
        Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        single.forEach((k, v) -> multi.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        return ofLists(multi);
    }

    /** Headers that may repeat (one entry per received header line); names are case-insensitive. */
    static Headers ofLists(Map<String, List<String>> multi) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        multi.forEach((k, v) -> copy.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        copy.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return name -> name == null ? List.of() : copy.getOrDefault(name, List.of());
    }
}
