package io.sluice.scheme;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * One HMAC key, decoded and initialised once. {@link Mac} is not thread-safe, so each thread
 * computes on its own clone of an initialised prototype, made on the thread's first use and reused:
 * {@code doFinal} leaves a Mac initialised with the same key, ready for the next message. (A clone
 * per computation cost three objects and their buffers per request on the ingress's event loops.)
 */
final class HmacKey {
    private final String algorithm;
    private final SecretKeySpec key;
    private final Mac prototype;
    private final ThreadLocal<Mac> perThread = ThreadLocal.withInitial(this::mac);

    HmacKey(String algorithm, byte[] keyBytes) {
        this.algorithm = algorithm;
        this.key = new SecretKeySpec(keyBytes, algorithm);
        this.prototype = fresh();
    }

    private Mac fresh() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return fresh();
        }
    }

    /** Length in bytes of this key's MAC. */
    int length() {
        return prototype.getMacLength();
    }

    /** The MAC of the concatenation of {@code parts}, without copying them into one array. */
    byte[] sign(byte[]... parts) {
        Mac mac = perThread.get();
        mac.reset(); // a computation cut short (an Error mid-update) must not leak into this one
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }
}
