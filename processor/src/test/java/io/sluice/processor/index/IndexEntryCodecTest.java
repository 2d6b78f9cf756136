package io.sluice.processor.index;

import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexEntryCodecTest {
    static final IndexEntry.Delivery D1 = new IndexEntry.Delivery(1_764_720_000_000L, 1, 2, 17, false);

    @Test
    void entryRoundTrips() {
        IndexEntry e = IndexEntry.first("push", D1, List.of("gh.push", "gh.all"), null, null)
                .withDuplicate(new IndexEntry.Delivery(1_764_720_001_000L, -1, 3, 18, true));
        assertThat(IndexEntryCodec.decode(IndexEntryCodec.encode(e))).isEqualTo(e);
    }

    @Test
    void deadLetteredEntryRoundTrips() {
        IndexEntry e = IndexEntry.first(null, D1, List.of(), "body_not_json", "Unexpected character é");
        assertThat(IndexEntryCodec.decode(IndexEntryCodec.encode(e))).isEqualTo(e);
    }

    @Test
    void legacyEightByteTimestampDecodesAsSeenWithoutDetails() {
        byte[] legacy = Serdes.Long().serializer().serialize("t", 1_764_720_000_000L);
        IndexEntry e = IndexEntryCodec.decode(legacy);
        assertThat(e.legacy()).isTrue();
        assertThat(e.deliveries()).isEmpty();
    }

    @Test
    void minimalEntryIsNeverMistakenForALegacyValue() {
        byte[] minimal = IndexEntryCodec.minimal();
        assertThat(minimal.length).isNotEqualTo(8);
        assertThat(IndexEntryCodec.decode(minimal)).isEqualTo(IndexEntry.MINIMAL);
    }

    @Test
    void deliveriesStopAtTheBoundWhileTheCountersKeepCounting() {
        IndexEntry e = IndexEntry.first("push", D1, List.of("gh.push"), null, null);
        for (int i = 0; i < Timeline.MAX_ENTRIES + 10; i++) {
            e = e.withDuplicate(new IndexEntry.Delivery(i, 1, 0, i, true));
        }
        IndexEntry back = IndexEntryCodec.decode(IndexEntryCodec.encode(e));
        assertThat(back.deliveries()).hasSize(Timeline.MAX_ENTRIES);
        assertThat(back.deliveriesTotal()).isEqualTo(Timeline.MAX_ENTRIES + 11);
        assertThat(back.copiesDropped()).isEqualTo(Timeline.MAX_ENTRIES + 10);
    }

    @Test
    void outputsAndLongStringsAreBounded() {
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < Timeline.MAX_ENTRIES + 5; i++) {
            topics.add("t" + i);
        }
        IndexEntry e = IndexEntry.first("x".repeat(5000), D1, topics, "r", "é".repeat(3000));
        IndexEntry back = IndexEntryCodec.decode(IndexEntryCodec.encode(e));
        assertThat(back.outputs()).hasSize(Timeline.MAX_ENTRIES);
        assertThat(back.type()).hasSize(IndexEntryCodec.MAX_STRING_BYTES);
        assertThat(back.deadLetterDetail()).hasSize(IndexEntryCodec.MAX_STRING_BYTES / 2).matches("é+");
    }

    @Test
    void unknownVersionAndTruncatedValuesAreRejected() {
        byte[] good = IndexEntryCodec.encode(IndexEntry.first("push", D1, List.of("gh.push"), null, null));
        assertThatThrownBy(() -> IndexEntryCodec.decode(new byte[]{9, 0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexEntryCodec.decode(java.util.Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
