package io.sluice.processor;

import io.sluice.config.RouteConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides the output topics of an event: every route whose {@code sources} (empty = all) contain its
 * source and whose {@code types} globs (empty = all) match its type; {@code topics.default} when none.
 */
public final class RouteMatcher {
    private final Compiled[] routes;
    private final List<String> defaultOnly;

    public RouteMatcher(List<RouteConfig> routes, String defaultTopic) {
        this.routes = routes.stream().map(Compiled::new).toArray(Compiled[]::new);
        this.defaultOnly = List.of(defaultTopic);
    }

    /** Distinct topics in route order; never empty. Called per record: no set, no stream. */
    public List<String> topics(String source, String type) {
        List<String> out = null;
        for (Compiled r : routes) {
            if (r.matches(source, type)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                if (!out.contains(r.topic)) {
                    out.add(r.topic);
                }
            }
        }
        return out == null ? defaultOnly : out;
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
        final Predicate<String>[] types;

        @SuppressWarnings("unchecked")
        Compiled(RouteConfig r) {
            topic = r.topic();
            sources = Set.copyOf(r.sources());
            types = r.types().stream().map(RouteMatcher::typeMatcher).toArray(Predicate[]::new);
        }

        boolean matches(String source, String type) {
            if (!sources.isEmpty() && !sources.contains(source)) {
                return false;
            }
            if (types.length == 0) {
                return true;
            }
            for (Predicate<String> t : types) {
                if (t.test(type)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The glob as a per-record test: the common shapes (a literal, {@code prefix*}, {@code *}) without a
     * regex Matcher per record; anything else through {@link #glob}. Same answers as {@code glob(g)}.
     */
    static Predicate<String> typeMatcher(String glob) {
        int star = glob.indexOf('*');
        if (glob.indexOf('?') < 0 && (star < 0 || star == glob.length() - 1)) {
            if (star < 0) {
                return glob::equals;
            }
            String prefix = glob.substring(0, star);
            return type -> type.startsWith(prefix);
        }
        Pattern p = glob(glob);
        return type -> p.matcher(type).matches();
    }
}
