package io.sluice.scheme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Hex, base64 and SHA-256 helpers; decoders return null on bad input instead of throwing. */
final class Codec {
    private static final HexFormat HEX = HexFormat.of();

    private Codec() {
    }

    /** Decodes hex (either case); null when the text is not an even-length hex string. */
    static byte[] hex(String text) {
        int n = text.length();
        if (n == 0 || (n & 1) != 0) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return null;
            }
        }
        return HEX.parseHex(text);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Decodes standard base64 (padding optional); null when the text is not base64. */
    static byte[] base64(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * One digest per thread, reused (the body's hash is the event id of several presets, so this runs
     * per request): {@code digest()} leaves it reset for the next message (a clone
     * per call cost a few objects per verified request on the ingress's event loops).
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Codec::newSha256);

    static byte[] sha256(byte[] bytes) {
        MessageDigest md = SHA256.get();
        md.reset(); // a digest cut short (an Error mid-update) must not leak into this one
        return md.digest(bytes);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return hex(sha256(bytes));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
