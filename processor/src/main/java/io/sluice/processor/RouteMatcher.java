package io.sluice.processor;

import io.sluice.config.RouteConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides the output topics of an event: every route whose {@code sources} (empty = all) contain its
 * source and whose {@code types} globs (empty = all) match its type; {@code topics.default} when none.
 */
public final class RouteMatcher {
    private final List<Compiled> routes;
    private final String defaultTopic;

    public RouteMatcher(List<RouteConfig> routes, String defaultTopic) {
        this.routes = routes.stream().map(Compiled::new).toList();
        this.defaultTopic = defaultTopic;
    }

    /** Distinct topics in route order; never empty. */
    public List<String> topics(String source, String type) {
        Set<String> out = new LinkedHashSet<>();
        for (Compiled r : routes) {
            if (r.matches(source, type)) {
                out.add(r.topic);
            }
        }
        if (out.isEmpty()) {
            out.add(defaultTopic);
        }
        return new ArrayList<>(out);
    }

    /**
     * {@code *} matches any run of characters (also none), {@code ?} exactly one; everything else is
     * literal. Public so that every type filter (routes, replay) has the same glob semantics.
     */
    public static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static final class Compiled {
        final String topic;
        final Set<String> sources;
        final List<Pattern> types;

        Compiled(RouteConfig r) {
            topic = r.topic();
            sources = Set.copyOf(r.sources());
            types = r.types().stream().map(RouteMatcher::glob).toList();
        }

        boolean matches(String source, String type) {
            if (!sources.isEmpty() && !sources.contains(source)) {
                return false;
            }
            return types.isEmpty() || types.stream().anyMatch(p -> p.matcher(type).matches());
        }
    }
}
