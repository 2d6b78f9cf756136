package io.sluice.admin.streams;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorTest {
    final StreamKey key = StreamKey.random();

    @Test
    void roundTripKeepsEveryPartitionOffset() throws Exception {
        Cursor c = new Cursor(Map.of(0, 0L, 1, 300L, 7, 1L << 40));
        assertThat(Cursor.decode(key, "orders", c.encode(key, "orders"))).isEqualTo(c);
    }

    @Test
    void cursorIsShortAndUrlSafe() {
        String text = new Cursor(Map.of(0, 12345L, 1, 67890L, 2, 5L)).encode(key, "orders");
        assertThat(text).matches("[A-Za-z0-9_-]+").hasSizeLessThan(50);
    }

    @Test
    void anyChangedByteIsRefused() {
        byte[] bytes = Base64.getUrlDecoder().decode(new Cursor(Map.of(0, 5L)).encode(key, "orders"));
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> Cursor.decode(key, "orders", text))
                    .isInstanceOf(Cursor.InvalidCursorException.class);
        }
    }

    @Test
    void cursorOfAnotherTopicIsRefused() {
        String text = new Cursor(Map.of(0, 5L)).encode(key, "orders");
        assertThatThrownBy(() -> Cursor.decode(key, "payments", text)).isInstanceOf(Cursor.InvalidCursorException.class);
    }

    @Test
    void cursorOfAnotherServerKeyIsRefused() {
        String text = new Cursor(Map.of(0, 5L)).encode(StreamKey.random(), "orders");
        assertThatThrownBy(() -> Cursor.decode(key, "orders", text)).isInstanceOf(Cursor.InvalidCursorException.class);
    }

    @Test
    void garbageIsRefused() {
        for (String text : new String[]{"", "x", "latest!", "%%%", "AAAA", "a".repeat(10_000)}) {
            assertThatThrownBy(() -> Cursor.decode(key, "orders", text)).as(text)
                    .isInstanceOf(Cursor.InvalidCursorException.class);
        }
    }
}
