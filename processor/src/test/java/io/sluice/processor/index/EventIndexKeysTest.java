package io.sluice.processor.index;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lookup updater reads an old entry's time key from its JSON without binding the whole timeline. */
class EventIndexKeysTest {
    static final byte[] KEY = "github:d1".getBytes(StandardCharsets.UTF_8);

    @Test
    void timeKeyFromJsonIsTheOneOfTheParsedTimeline() {
        Timeline t = Timeline.empty("github", "d1")
                .withDelivery(new Timeline.Delivery(1_764_720_000_000L, 1, 2, 17, "accepted"), "push", 1_764_720_000_450L)
                .withOutput(new Timeline.Output("gh.push", 2, 9, null), 1_764_720_000_900L);
        assertThat(EventIndex.timeKey(t.toJson(), KEY)).isEqualTo(EventIndex.timeKey(t, KEY));
    }

    @Test
    void withoutAFirstDeliveryTheUpdateTimeCounts() {
        Timeline t = Timeline.empty("github", "d1").withOutput(new Timeline.Output("gh.push", 0, 1, null), 1_764_720_000_900L);
        assertThat(t.firstReceivedAt()).isNull();
        assertThat(EventIndex.timeKey(t.toJson(), KEY)).isEqualTo(EventIndex.timeKey(t, KEY));
    }

    @Test
    void somethingElseThanATimelineHasNoTimeKey() {
        for (String json : List.of("[]", "{}", "not json", "{\"updated_at\":\"x\"}")) {
            assertThat(EventIndex.timeKey(json.getBytes(StandardCharsets.UTF_8), KEY)).as(json).isNull();
        }
    }
}
