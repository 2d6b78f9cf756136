package io.sluice.processor;

import io.sluice.config.RouteConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteMatcherTest {
    @Test
    void starMatchesAnyRunIncludingEmpty() {
        assertThat(RouteMatcher.glob("index-*").matcher("index-").matches()).isTrue();
        assertThat(RouteMatcher.glob("index-*").matcher("index-completed").matches()).isTrue();
        assertThat(RouteMatcher.glob("index-*").matcher("reindex-completed").matches()).isFalse();
    }

    @Test
    void regexCharactersAreLiteral() {
        assertThat(RouteMatcher.glob("a.b").matcher("a.b").matches()).isTrue();
        assertThat(RouteMatcher.glob("a.b").matcher("axb").matches()).isFalse();
        assertThat(RouteMatcher.glob("orders/(create)+").matcher("orders/(create)+").matches()).isTrue();
        assertThat(RouteMatcher.glob("\\Q*").matcher("\\Qx").matches()).isTrue();
    }

    @Test
    void emptySourcesAndTypesMatchEverything() {
        RouteMatcher m = new RouteMatcher(List.of(new RouteConfig("all", List.of(), List.of())), "default");
        assertThat(m.topics("any", "thing")).containsExactly("all");
    }

    @Test
    void noMatchGivesDefaultTopic() {
        RouteMatcher m = new RouteMatcher(List.of(new RouteConfig("x", List.of("a"), List.of("t"))), "default");
        assertThat(m.topics("a", "u")).containsExactly("default");
        assertThat(m.topics("b", "t")).containsExactly("default");
    }

    @Test
    void anyOfSeveralGlobsMatches() {
        RouteMatcher m = new RouteMatcher(List.of(new RouteConfig("x", List.of(), List.of("a.*", "b.?"))), "d");
        assertThat(m.topics("s", "b.1")).containsExactly("x");
        assertThat(m.topics("s", "b.12")).containsExactly("d");
    }

    /** The per-record matcher answers as the glob's regex does, for the shapes it shortcuts and the others. */
    @Test
    void typeMatcherAgreesWithGlob() {
        List<String> globs = List.of("", "*", "index-*", "index-completed", "a.b", "a*b", "*x", "a?", "(x)*", "\\Q*", "**");
        List<String> types = List.of("", "index-", "index-completed", "reindex-completed", "a.b", "axb", "ab", "a",
                "aXb", "x", "(x)yz", "\\Qz", "line\nbreak", "index-\n");
        for (String g : globs) {
            for (String t : types) {
                assertThat(RouteMatcher.typeMatcher(g).test(t)).as(g + " vs " + t)
                        .isEqualTo(RouteMatcher.glob(g).matcher(t).matches());
            }
        }
    }
}
