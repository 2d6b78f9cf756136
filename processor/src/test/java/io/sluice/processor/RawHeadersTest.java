package io.sluice.processor;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RawHeadersTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The old way: text, trim, Long.parseLong, the fallback on any NumberFormatException. */
    private static long viaString(String v, long fallback) {
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Test
    void parseLongAnswersAsParsingTheTrimmedTextDoes() {
        String[] values = {"0", "7", "1795000000123", "000123", "999999999999999999", "9223372036854775807",
                "9223372036854775808", "-1", "+5", " 42 ", "\t42\n", "", " ", "4 2", "12a", "0x10", "１２",
                "\u0663\u0664", "-9223372036854775808", "1234567890123456789", "99999999999999999999"};
        for (String v : values) {
            assertThat(RawHeaders.parseLong(utf8(v), -9)).as("'%s'", v).isEqualTo(viaString(v, -9));
        }
        assertThat(RawHeaders.parseLong(null, -9)).isEqualTo(-9);
    }

    @Test
    void digitsReadsOnlyPlainShortNumbers() {
        assertThat(RawHeaders.digits(utf8("1795000000123"))).isEqualTo(1_795_000_000_123L);
        assertThat(RawHeaders.digits(utf8("999999999999999999"))).isEqualTo(999_999_999_999_999_999L);
        assertThat(RawHeaders.digits(utf8("1000000000000000000"))).isEqualTo(-1); // 19 digits: Long.parseLong's
        assertThat(RawHeaders.digits(utf8(""))).isEqualTo(-1);
        assertThat(RawHeaders.digits(utf8(" 1"))).isEqualTo(-1);
        assertThat(RawHeaders.digits(utf8("-1"))).isEqualTo(-1);
    }

    @Test
    void valueAndTextReadTheLastHeader() {
        RecordHeaders h = new RecordHeaders();
        h.add(RawHeaders.SOURCE, utf8("first"));
        h.add(RawHeaders.SOURCE, utf8("läst"));
        h.add(RawHeaders.EVENT_TYPE, null);
        assertThat(RawHeaders.value(h, RawHeaders.SOURCE)).isEqualTo(utf8("läst"));
        assertThat(RawHeaders.text(h, RawHeaders.SOURCE)).isEqualTo("läst");
        assertThat(RawHeaders.value(h, RawHeaders.EVENT_TYPE)).isNull();
        assertThat(RawHeaders.text(h, RawHeaders.EVENT_TYPE)).isNull();
        assertThat(RawHeaders.value(h, RawHeaders.EVENT_ID)).isNull();
        assertThat(RawHeaders.value(null, RawHeaders.EVENT_ID)).isNull();
    }
}
