package io.sluice.admin.streams;

import io.sluice.processor.RouteMatcher;
import io.sluice.schemas.WebhookEvent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which events a stream shows: the token's sources and type globs AND the request's own
 * ({@code ?source=}, {@code ?type=}); an empty list does not restrict.
 */
record EventFilter(List<String> tokenSources, List<String> requestSources, List<Pattern> tokenTypes,
                   List<Pattern> requestTypes) {

    static EventFilter of(StreamToken token, List<String> sources, List<String> types) {
        return new EventFilter(token.sources(), List.copyOf(sources), globs(token.types()), globs(types));
    }

    private static List<Pattern> globs(List<String> globs) {
        return globs.stream().map(RouteMatcher::glob).toList();
    }

    boolean matches(WebhookEvent e) {
        return in(tokenSources, e.getSource()) && in(requestSources, e.getSource())
                && matches(tokenTypes, e.getType()) && matches(requestTypes, e.getType());
    }

    private static boolean in(List<String> names, String name) {
        return names.isEmpty() || names.contains(name);
    }

    private static boolean matches(List<Pattern> globs, String type) {
        if (globs.isEmpty()) {
            return true;
        }
        for (Pattern p : globs) {
            if (p.matcher(type).matches()) {
                return true;
            }
        }
        return false;
    }
}
