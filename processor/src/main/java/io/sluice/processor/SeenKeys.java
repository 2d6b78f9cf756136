package io.sluice.processor;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A Bloom filter of every key in one task's dedupe store: when it says a key was never put, the
 * dedupe step skips the store read. That read is a window-store range fetch, a RocksDB iterator and
 * seek over every sorted run of each segment; in a JFR profile of the processor stage it was the
 * largest single cost of the stream thread (about a fifth of its time), and nearly every event is
 * new, so nearly every read found nothing.
 *
 * <p>Exact where it matters: a Bloom filter has no false negatives, so a key it has never seen is
 * certainly not in the store when (a) it was built from the whole store and (b) every put since went
 * through {@link #add}. The dedupe step builds it in {@code init}, which Kafka Streams calls once the
 * task's store is restored, and is the store's only writer. A false positive (1-2 %) only costs
 * the read every key paid before. Keys that expire from the store stay in the filter (harmless: a read).
 *
 * <p>Bounded: 1 to 4 MiB per task ({@link #MIN_BITS_LOG2}, {@link #MAX_BITS_LOG2}). The filter is
 * sized for four times the keys found in the store; when more keys than it holds at 1-2 % have been
 * added, it is rebuilt from the store (expired keys drop out), and when the store holds more than
 * {@link #maxKeysAtBuild()} keys there is none ({@link #build} returns null): every key is then read
 * from the store, as without it.
 */
final class SeenKeys {
    /**
     * Smallest filter: 2^23 bits (1 MiB), about 840,000 keys at 1-2 %. Smaller first filters were
     * rebuilt (a pass over the store) several times as a fresh store filled: 5 % of the stream
     * thread's samples in a 700,000-event profile.
     */
    static final int MIN_BITS_LOG2 = 23;
    /** Largest filter: 2^25 bits (4 MiB), about 3.3 million keys at 1-2 %. */
    static final int MAX_BITS_LOG2 = 25;
    static final long MAX_BITS = 1L << MAX_BITS_LOG2;
    /** 10 bits per key and 7 probes in one 512-bit block: a false positive rate of about 1-2 %. */
    private static final int BITS_PER_KEY = 10;
    private static final int PROBES = 7;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long[] words;
    private final int mask;
    private final long capacity;
    private long added;

    private SeenKeys(int bitsLog2) {
        this.words = new long[(1 << bitsLog2) >>> 6];
        this.mask = (1 << bitsLog2) - 1;
        this.capacity = (1L << bitsLog2) / BITS_PER_KEY;
    }

    /** An empty filter sized for {@code keys} keys (rounded up to a power of two of bits, within the bounds). */
    static SeenKeys sizedFor(long keys) {
        return sizedFor(keys, MIN_BITS_LOG2);
    }

    /** @param minBitsLog2 the smallest filter (tests use a small one to see it rebuilt) */
    static SeenKeys sizedFor(long keys, int minBitsLog2) {
        long bits = Math.max(1, Math.min(keys, MAX_BITS)) * BITS_PER_KEY;
        int log2 = 64 - Long.numberOfLeadingZeros(bits - 1);
        return new SeenKeys(Math.max(minBitsLog2, Math.min(MAX_BITS_LOG2, log2)));
    }

    /** Most keys the largest filter takes when built: half its capacity, so that it is not full at once. */
    static long maxKeysAtBuild() {
        return MAX_BITS / BITS_PER_KEY / 2;
    }

    /** How many keys a filter built over {@code n} keys is sized for: room for three times as many new ones. */
    static long sizing(long n) {
        return 4 * n;
    }

    /**
     * A filter of every key in {@code store} (one pass over it), sized for {@link #sizing}; null
     * when the store holds more than {@link #maxKeysAtBuild()} keys (the pass stops there).
     */
    static SeenKeys build(WindowStore<byte[], byte[]> store, int minBitsLog2) {
        long[] hashes = new long[1024];
        int n = 0;
        try (KeyValueIterator<Windowed<byte[]>, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Windowed<byte[]>, byte[]> kv = it.next();
                if (n == maxKeysAtBuild()) {
                    return null;
                }
                if (n == hashes.length) {
                    hashes = java.util.Arrays.copyOf(hashes, n * 2);
                }
                hashes[n++] = hash(kv.key.key());
            }
        }
        SeenKeys s = sizedFor(sizing(n), minBitsLog2);
        for (int i = 0; i < n; i++) {
            s.addHash(hashes[i]);
        }
        return s;
    }

    /** False: {@code key} was certainly never added. True: it may have been. */
    boolean mightContain(byte[] key) {
        return mightContainHash(hash(key));
    }

    /**
     * As {@link #mightContain} for a key whose {@link #hash} the caller has: the dedupe step hashes
     * each key once for the lookup and the add that follows it.
     */
    boolean mightContainHash(long h) {
        int base = block(h);
        long g = mix(h);
        for (int i = 0; i < PROBES; i++) {
            int bit = (int) (g >>> (i * 9)) & 511;
            if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Adds a key; false when more keys have been added than the filter holds at its rate (rebuild it). */
    boolean add(byte[] key) {
        return addHashed(hash(key));
    }

    /** As {@link #add} for a key whose {@link #hash} the caller has. */
    boolean addHashed(long h) {
        addHash(h);
        return added <= capacity;
    }

    private void addHash(long h) {
        int base = block(h);
        long g = mix(h);
        for (int i = 0; i < PROBES; i++) {
            int bit = (int) (g >>> (i * 9)) & 511;
            words[base + (bit >>> 6)] |= 1L << bit;
        }
        added++;
    }

    /**
     * Blocked: all probes of a key fall in one 512-bit block (one 64-byte cache line), chosen by the
     * hash's top bits, so a lookup costs one cache miss instead of seven (it was 2 % of the stream
     * thread's samples with seven lines over a 1 MiB array). A bit more false positives for it.
     */
    private int block(long h) {
        return ((int) (h >>> 32) & (mask >>> 9)) << 3;
    }

    /** The probes' bits, independent of the block's: MurmurHash3's 64-bit finalizer of the hash. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Keys added so far (those of the store it was built from included). */
    long keys() {
        return added;
    }

    /** Bits of this filter (tests, logs). */
    long bits() {
        return (long) mask + 1;
    }

    /** MurmurHash64A of the key's bytes (seed 0): its top half picks the block, its mix the probes. */
    static long hash(byte[] data) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int len = data.length;
        long h = len * m;
        int blocks = len >>> 3;
        for (int i = 0; i < blocks; i++) {
            long k = (long) LONGS.get(data, i << 3);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int tail = blocks << 3;
        switch (len & 7) {
            case 7: h ^= (long) (data[tail + 6] & 0xff) << 48; // fall through
            case 6: h ^= (long) (data[tail + 5] & 0xff) << 40; // fall through
            case 5: h ^= (long) (data[tail + 4] & 0xff) << 32; // fall through
            case 4: h ^= (long) (data[tail + 3] & 0xff) << 24; // fall through
            case 3: h ^= (long) (data[tail + 2] & 0xff) << 16; // fall through
            case 2: h ^= (long) (data[tail + 1] & 0xff) << 8; // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }
}
