package io.sluice.ingress;

import io.sluice.scheme.Verification;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RawRecordsTest {
    private final RawRecords records = new RawRecords("sluice.raw");

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void keyIsSourceColonEventIdAndValueIsTheBodyItself() {
        byte[] body = {1, 2, (byte) 0xff};
        ProducerRecord<byte[], byte[]> r = records.record("stripe",
                new Verification.Verified("evt_1", "charge.succeeded", null, null), body, "application/json", 42L);
        assertThat(r.topic()).isEqualTo("sluice.raw");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("stripe:evt_1");
        assertThat(r.value()).isSameAs(body);
        assertThat(r.partition()).isNull();
    }

    @Test
    void headersAreExactlyTheContractOnes() {
        ProducerRecord<byte[], byte[]> r = records.record("hyponema",
                new Verification.Verified("e1", "job.done", null, 2), new byte[0], "application/json; charset=utf-8", 1700000000123L);
        assertThat(headers(r)).containsExactly(
                Map.entry("sluice.source", "hyponema"), Map.entry("sluice.event-id", "e1"),
                Map.entry("sluice.event-type", "job.done"), Map.entry("sluice.received-at", "1700000000123"),
                Map.entry("sluice.delivery-attempt", "2"), Map.entry("content-type", "application/json; charset=utf-8"));
    }

    @Test
    void absentAttemptAndContentTypeAreLeftOut() {
        ProducerRecord<byte[], byte[]> r = records.record("github",
                new Verification.Verified("d", "", null, null), new byte[0], null, 1L);
        assertThat(headers(r)).doesNotContainKeys("sluice.delivery-attempt", "content-type")
                .containsEntry("sluice.event-type", "");
    }
}
