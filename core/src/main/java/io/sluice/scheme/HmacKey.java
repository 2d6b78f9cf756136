package io.sluice.scheme;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * One HMAC key, decoded and initialised once. {@link Mac} is not thread-safe, so each computation
 * works on a clone of an initialised prototype (cheaper than a provider lookup plus init).
 */
final class HmacKey {
    private final String algorithm;
    private final SecretKeySpec key;
    private final Mac prototype;

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
        Mac mac = mac();
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }
}
