package io.sluice.admin.streams;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A position in a topic: for each partition, the offset of the next record to read. It is the SSE
 * {@code id} of each streamed event (the position right after that event), so resuming from it
 * continues exactly after the last event the client received.
 *
 * <p>Opaque and tamper-evident: base64url of {@code version, (partition, offset)*} in varints plus
 * the first 16 bytes of an HMAC-SHA256 (server key) over the topic name and those bytes. A changed
 * byte, a cursor of another topic or of another server key fails {@link #decode}.
 */
public record Cursor(Map<Integer, Long> offsets) {
    private static final byte VERSION = 1;
    private static final int MAC_LENGTH = 16;
    private static final String DOMAIN = "sluice-stream-cursor";

    public Cursor {
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /** Why a presented cursor is refused. */
    public static final class InvalidCursorException extends Exception {
        InvalidCursorException(String message) {
            super(message, null, false, false);
        }
    }

    public String encode(StreamKey key, String topic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + offsets.size() * 6 + MAC_LENGTH);
        out.write(VERSION);
        writeVarint(out, offsets.size());
        for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
            writeVarint(out, e.getKey());
            writeVarint(out, e.getValue());
        }
        byte[] body = out.toByteArray();
        byte[] mac = Arrays.copyOf(key.mac(DOMAIN, topic.getBytes(StandardCharsets.UTF_8), body), MAC_LENGTH);
        out.writeBytes(mac);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * @throws InvalidCursorException malformed, tampered with, of another topic or another server key
     */
    public static Cursor decode(StreamKey key, String topic, String text) throws InvalidCursorException {
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("not a cursor");
        }
        if (all.length < 2 + MAC_LENGTH || all.length > 4096) {
            throw new InvalidCursorException("not a cursor");
        }
        byte[] body = Arrays.copyOf(all, all.length - MAC_LENGTH);
        byte[] mac = Arrays.copyOfRange(all, all.length - MAC_LENGTH, all.length);
        if (!key.verify(mac, MAC_LENGTH, DOMAIN, topic.getBytes(StandardCharsets.UTF_8), body)) {
            throw new InvalidCursorException("cursor is not valid for this topic and server");
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        if (in.get() != VERSION) {
            throw new InvalidCursorException("unknown cursor version");
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        long n = readVarint(in);
        for (long i = 0; i < n; i++) {
            long p = readVarint(in);
            long o = readVarint(in);
            if (p > Integer.MAX_VALUE) {
                throw new InvalidCursorException("not a cursor");
            }
            offsets.put((int) p, o);
        }
        if (in.hasRemaining()) {
            throw new InvalidCursorException("not a cursor");
        }
        return new Cursor(offsets);
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(ByteBuffer in) throws InvalidCursorException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new InvalidCursorException("not a cursor");
            }
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new InvalidCursorException("not a cursor");
    }
}
