package io.sluice.admin.streams;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The server key that signs stream tokens and stream cursors (HMAC-SHA256). Each use has its own
 * domain string, so a cursor can never pass for a token or the other way round.
 *
 * <p>From the environment variable {@value #ENV} when set (at least 32 characters; share it between
 * restarts and replicas so that tokens and cursors survive them), else 32 random bytes drawn at
 * start: tokens and cursors then die with the process (a client with an old cursor gets 400
 * {@code invalid_cursor} and starts again with {@code since=earliest} or {@code latest}).
 */
public final class StreamKey {
    public static final String ENV = "SLUICE_STREAM_KEY";
    static final int MIN_LENGTH = 32;
    private final byte[] key;
    /** One initialized Mac per thread: Mac.getInstance + init per cursor would cost more than the HMAC itself. */
    private final ThreadLocal<Mac> macs;

    private StreamKey(byte[] key) {
        this.key = key.clone();
        byte[] k = this.key;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(k, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
            }
        });
    }

    /** The key from {@value #ENV}, else a random one. */
    public static StreamKey fromEnvOrRandom(java.util.Map<String, String> env) {
        String v = env.get(ENV);
        if (v != null && !v.isEmpty()) {
            if (v.length() < MIN_LENGTH) {
                throw new IllegalStateException(ENV + " must be at least " + MIN_LENGTH + " characters");
            }
            return new StreamKey(v.getBytes(StandardCharsets.UTF_8));
        }
        return random();
    }

    public static StreamKey random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new StreamKey(k);
    }

    /** HMAC-SHA256 over {@code domain}, a zero byte, then {@code parts} each followed by a zero byte. */
    byte[] mac(String domain, byte[]... parts) {
        Mac m = macs.get();
        m.update(domain.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0);
        for (byte[] p : parts) {
            m.update(p);
            m.update((byte) 0);
        }
        return m.doFinal(); // doFinal resets the Mac for the next use
    }

    /** The first {@code length} bytes of {@link #mac}, compared in constant time with {@code presented}. */
    boolean verify(byte[] presented, int length, String domain, byte[]... parts) {
        byte[] expected = Arrays.copyOf(mac(domain, parts), length);
        return presented != null && MessageDigest.isEqual(expected, presented);
    }

    @Override
    public String toString() {
        return "StreamKey[redacted]";
    }
}
