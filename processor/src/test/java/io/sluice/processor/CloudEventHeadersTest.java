package io.sluice.processor;

import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventHeadersTest {

    /** The per-record formatter prints what {@link Instant#toString} prints, fractions and edges included. */
    @Test
    void rfc3339IsInstantToString() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long second = Math.floorMod(random.nextLong(), 253_402_300_800L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertThat(CloudEventHeaders.rfc3339(t)).isEqualTo(t.toString());
        }
        for (Instant t : new Instant[]{Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(253_402_300_799L),
                Instant.ofEpochSecond(253_402_300_800L), Instant.MIN, Instant.MAX, Instant.ofEpochMilli(1_795_000_000_123L)}) {
            assertThat(CloudEventHeaders.rfc3339(t)).isEqualTo(t.toString());
        }
    }

    /**
     * One pass gives the headers a copy less the envelope headers plus {@code setForEvent} gives: same
     * names, values and order; other raw headers are kept.
     */
    @Test
    void forEventEqualsSetForEventOnACopy() {
        Headers raw = new RecordHeaders();
        raw.add("sluice.source", utf8("acme"));
        raw.add("ce_id", utf8("stale"));
        raw.add("sluice.event-id", utf8("e-1"));
        raw.add("content-type", utf8("application/json"));
        raw.add("ce_time", utf8("stale"));
        raw.add("x-other", utf8("1"));
        for (WebhookEvent e : new WebhookEvent[]{event("s-1", Instant.ofEpochMilli(1_795_000_000_120L)),
                event(null, null), event("", Instant.ofEpochSecond(1_795_000_000L))}) {
            Headers copy = new RecordHeaders(raw.toArray());
            CloudEventHeaders.ENVELOPE.forEach(copy::remove);
            Headers expected = CloudEventHeaders.setForEvent(copy, e, CloudEventHeaders.AVRO_CONTENT_TYPE);
            Headers actual = CloudEventHeaders.forEvent(raw, e, CloudEventHeaders.AVRO_CONTENT_TYPE);
            assertThat(text(actual)).isEqualTo(text(expected));
            assertThat(actual.lastHeader("sluice.source")).isNull();
            assertThat(actual.lastHeader("sluice.event-id")).isNull();
            assertThat(new String(actual.lastHeader("x-other").value(), StandardCharsets.UTF_8)).isEqualTo("1");
        }
        assertThat(raw.toArray()).hasSize(6); // the raw record's headers are left alone
    }

    /** The name switches the per-record path uses say exactly what ENVELOPE and ALL list. */
    @Test
    void headerNameSwitchesMatchTheirLists() {
        for (String name : CloudEventHeaders.ENVELOPE) {
            assertThat(CloudEventHeaders.envelope(name)).as(name).isTrue();
            assertThat(CloudEventHeaders.replaced(name)).as(name).isFalse();
        }
        for (String name : CloudEventHeaders.ALL) {
            assertThat(CloudEventHeaders.replaced(name)).as(name).isTrue();
            assertThat(CloudEventHeaders.envelope(name)).as(name).isFalse();
        }
        for (String other : new String[]{"sluice.other", "sluice.", "ce_other", "x-other", "Content-Type", ""}) {
            assertThat(CloudEventHeaders.envelope(other)).as(other).isFalse();
            assertThat(CloudEventHeaders.replaced(other)).as(other).isFalse();
        }
    }

    private static WebhookEvent event(String subject, Instant time) {
        return new WebhookEvent("e-1", "acme", "", subject, time, Instant.ofEpochMilli(1_795_000_000_999L), null,
                "application/json", ByteBuffer.wrap(new byte[0]), Map.of());
    }

    private static String text(Headers headers) {
        StringBuilder b = new StringBuilder();
        for (Header h : headers) {
            b.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8)).append('\n');
        }
        return b.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
