package io.sluice.admin.replay;

import io.sluice.processor.RawHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayFilterTest {
    static Headers headers(String source, String type) {
        RecordHeaders h = new RecordHeaders();
        if (source != null) {
            h.add(RawHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        }
        if (type != null) {
            h.add(RawHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void rangeIncludesFromAndExcludesTo() {
        ReplayFilter f = new ReplayFilter(1000, 2000, List.of(), List.of());
        assertThat(f.matches(999, headers("a", "t"))).isFalse();
        assertThat(f.matches(1000, headers("a", "t"))).isTrue();
        assertThat(f.matches(1999, headers("a", "t"))).isTrue();
        assertThat(f.matches(2000, headers("a", "t"))).isFalse();
    }

    @Test
    void sourcesFilterByExactName() {
        ReplayFilter f = new ReplayFilter(0, 10, List.of("stripe", "github"), List.of());
        assertThat(f.matches(5, headers("stripe", "x"))).isTrue();
        assertThat(f.matches(5, headers("github", "x"))).isTrue();
        assertThat(f.matches(5, headers("stripe-test", "x"))).isFalse();
        assertThat(f.matches(5, headers(null, "x"))).isFalse();
    }

    @Test
    void typesFilterByGlobLikeRoutes() {
        ReplayFilter f = new ReplayFilter(0, 10, List.of(), List.of("charge.*", "invoice.pai?"));
        assertThat(f.matches(5, headers("s", "charge.succeeded"))).isTrue();
        assertThat(f.matches(5, headers("s", "invoice.paid"))).isTrue();
        assertThat(f.matches(5, headers("s", "invoice.payment_failed"))).isFalse();
        assertThat(f.matches(5, headers("s", "customer.created"))).isFalse();
    }

    @Test
    void typeFilterNeverMatchesARecordWithoutTypeHeader() {
        ReplayFilter f = new ReplayFilter(0, 10, List.of(), List.of("*"));
        assertThat(f.matches(5, headers("s", null))).isFalse();
        assertThat(new ReplayFilter(0, 10, List.of(), List.of()).matches(5, headers("s", null))).isTrue();
    }

    @Test
    void sourceAndTypeFiltersBothApply() {
        ReplayFilter f = new ReplayFilter(0, 10, List.of("stripe"), List.of("charge.*"));
        assertThat(f.matches(5, headers("stripe", "charge.failed"))).isTrue();
        assertThat(f.matches(5, headers("github", "charge.failed"))).isFalse();
        assertThat(f.matches(5, headers("stripe", "payout.paid"))).isFalse();
    }
}
