package io.sluice.admin.replay;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The event keys a job has already written, so that a provider retry inside the range is replayed
 * once. Holds 64 bits of each key's SHA-256 in an open-addressing table (8 bytes per key, about
 * 16 with the free slots): a range of 10 million events costs ~160 MB while its job runs and has a
 * ~3e-6 chance of one false "seen". Not thread-safe: one job thread owns it.
 */
final class KeySet {
    private static final long EMPTY = 0L;
    private long[] slots = new long[1024];
    private int size;
    private boolean hasZero;

    /** Adds the key's hash; false when it was there already. */
    boolean add(byte[] key) {
        return addHash(hash(key));
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    static long hash(byte[] key) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    boolean addHash(long hash) {
        if (hash == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(hash) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == hash) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = hash;
        size++;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        Arrays.stream(old).filter(h -> h != EMPTY).forEach(this::addHash);
    }

    private static int mix(long h) {
        return (int) (h ^ (h >>> 32));
    }
}
