package io.sluice.admin.replay;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KeySetTest {
    private static byte[] key(int i) {
        return ("src:event-" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void secondAddOfTheSameKeyReportsSeen() {
        KeySet set = new KeySet();
        assertThat(set.add(key(1))).isTrue();
        assertThat(set.add(key(1))).isFalse();
        assertThat(set.add(key(2))).isTrue();
        assertThat(set.size()).isEqualTo(2);
    }

    @Test
    void holdsManyKeysAcrossGrowth() {
        KeySet set = new KeySet();
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.add(key(i))).isTrue();
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.add(key(i))).isFalse();
        }
        assertThat(set.size()).isEqualTo(50_000);
    }
}
