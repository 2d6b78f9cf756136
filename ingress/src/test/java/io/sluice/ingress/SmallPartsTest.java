package io.sluice.ingress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmallPartsTest {
    @Test
    void logTextKeepsPrintableAsciiOnlyAndIsBounded() {
        assertThat(LogText.safe("evt_1")).isEqualTo("evt_1");
        assertThat(LogText.safe("a b\nc=\"d\u00e9")).isEqualTo("a?b?c??d?");
        assertThat(LogText.safe(null)).isEqualTo("-");
        assertThat(LogText.safe("x".repeat(500))).hasSize(203);
    }

    @Test
    void oneTrailingSlashIsIgnoredInPaths() {
        assertThat(Dispatcher.normalize("/webhooks/github/")).isEqualTo("/webhooks/github");
        assertThat(Dispatcher.normalize("/")).isEqualTo("/");
        assertThat(Dispatcher.normalize("")).isEqualTo("/");
    }
}
