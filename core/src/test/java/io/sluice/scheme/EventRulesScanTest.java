package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Normalization reads the same details from one streaming pass as from the body's tree, for every provider. */
class EventRulesScanTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static List<String> bodies(Provider p) {
        List<String> out = new ArrayList<>();
        out.add(p.sampleBody(NOW));
        out.add("{\"data\":{\"id\":\"d1\",\"object\":{\"id\":\"o1\"}},\"created\":1700000000,\"timestamp\":\"2026-11-23T12:00:00Z\","
                + "\"repository\":{\"full_name\":\"a/b\"},\"repository\":{\"full_name\":\"c/d\"},\"event\":{\"data\":{\"id\":7}}}");
        out.add("{\"id\":null,\"type\":[1,2],\"created_at\":1700000000.5,\"payload\":{\"object\":{\"id\":{\"x\":1}}}}");
        out.add("  {\"resource_id\":\"r\",\"app\":true,\"user_id\":12345678901234567890,\"timestamp\":\"1700000000\"}");
        out.add("{}");
        out.add("[{\"event\":\"e\"}]");
        out.add("{\"not\":\"closed\"");
        out.add("event=x&payload=%7B%22id%22%3A1%7D");
        return out;
    }

    @Test
    void everyProvidersRulesReadTheSameDetailsFromTheStreamAsFromTheTree() {
        for (Provider p : Providers.ALL) {
            for (String body : bodies(p)) {
                for (String type : List.of("application/json", "application/x-www-form-urlencoded")) {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    Payload streamed = new Payload(bytes, type);
                    Payload tree = new Payload(bytes, type);
                    tree.json(); // built first: the rules then read the tree
                    String what = p.name() + " " + type + " " + body;
                    assertThat(p.rules().accepts(streamed)).as(what).isEqualTo(p.rules().accepts(tree));
                    assertThat(p.rules().apply(streamed)).as(what).isEqualTo(p.rules().apply(tree));
                }
            }
        }
    }

    @Test
    void aJsonObjectBodyIsReadWithoutBuildingItsTree() {
        Provider hyperspell = Providers.get("hyperspell");
        Payload payload = new Payload(hyperspell.sampleBody(NOW).getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(hyperspell.rules().accepts(payload)).isTrue();
        EventDetails d = hyperspell.rules().apply(payload);
        assertThat(d.time()).isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond()));
        assertThat(d.attributes()).containsEntry("app", "demo-app");
        assertThat(payload.treeBuilt()).isFalse();
        assertThat(hyperspell.rules()).isSameAs(hyperspell.rules());
    }
}
