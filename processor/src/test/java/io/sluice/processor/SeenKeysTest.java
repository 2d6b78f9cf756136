package io.sluice.processor;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The dedupe step's Bloom filter: never a false negative, about 1 % false positives, bounded size. */
class SeenKeysTest {
    static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyAddedKeyMightBeContained() {
        SeenKeys s = SeenKeys.sizedFor(50_000);
        for (int i = 0; i < 50_000; i++) {
            s.add(key("github:" + i));
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(s.mightContain(key("github:" + i))).as("key %d", i).isTrue();
        }
    }

    @Test
    void keysNeverAddedAreMostlyRejectedEvenWhenTheFilterIsFull() {
        SeenKeys s = SeenKeys.sizedFor(1);
        long capacity = s.bits() / 10;
        for (long i = 0; i < capacity; i++) {
            s.add(key("bench:" + i));
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (s.mightContain(key("other:" + i))) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).as("false positives of 100,000").isLessThan(2_500);
    }

    @Test
    void addSaysFullOnceMoreKeysThanItsCapacityWereAdded() {
        SeenKeys s = SeenKeys.sizedFor(1);
        long capacity = s.bits() / 10;
        for (long i = 0; i < capacity; i++) {
            assertThat(s.add(key("k" + i))).isTrue();
        }
        assertThat(s.add(key("one-more"))).isFalse();
    }

    @Test
    void sizeStaysWithinItsBounds() {
        assertThat(SeenKeys.sizedFor(0).bits()).isEqualTo(1L << SeenKeys.MIN_BITS_LOG2);
        assertThat(SeenKeys.sizedFor(Long.MAX_VALUE / 20).bits()).isEqualTo(SeenKeys.MAX_BITS);
    }

    @Test
    void buildHoldsEveryKeyOfTheStore() {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        WindowStore<byte[], byte[]> store = Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(DedupeProcessor.STORE, Duration.ofMinutes(10), Duration.ofMillis(1), false),
                        Serdes.ByteArray(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        for (int i = 0; i < 1_000; i++) {
            store.put(key("s:" + i), new byte[]{1}, 1_000 + i);
        }
        SeenKeys s = SeenKeys.build(store, SeenKeys.MIN_BITS_LOG2);
        assertThat(s).isNotNull();
        for (int i = 0; i < 1_000; i++) {
            assertThat(s.mightContain(key("s:" + i))).isTrue();
        }
    }

    @Test
    void hashDependsOnEveryByte() {
        // tails of every length (0-7 bytes past the last 8-byte block) and one changed byte
        for (int len = 1; len <= 24; len++) {
            byte[] a = new byte[len];
            for (int i = 0; i < len; i++) {
                byte[] b = a.clone();
                b[i] = 1;
                assertThat(SeenKeys.hash(b)).as("len %d byte %d", len, i).isNotEqualTo(SeenKeys.hash(a));
            }
        }
    }
}
