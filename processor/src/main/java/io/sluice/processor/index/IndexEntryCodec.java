package io.sluice.processor.index;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dedupe store's value: a compact binary {@link IndexEntry} (JSON would cost a parse on every
 * duplicate and a serialization on every event, on the processor's hot path).
 *
 * <pre>
 * version (1 byte, 1) | flags (1 byte: 1 = type, 2 = dead-lettered)
 * deliveries_total (int) | copies_dropped (int)
 * [type: string]
 * n deliveries (short) × (received_at long | attempt int | partition int | offset long | duplicate byte)
 * n outputs (short) × topic string
 * [reason string | detail string]
 * string = length (unsigned short) + UTF-8 bytes, cut at {@link #MAX_STRING_BYTES}
 * </pre>
 * A value of exactly 8 bytes starting with 0 is the format before the index moved here (the
 * first-seen timestamp as a big-endian long, Kafka's {@code LongSerializer}); it decodes to
 * {@link IndexEntry#LEGACY}, so dedupe keeps working across the upgrade. Version 1 values always
 * start with 1 and are never 8 bytes long (at least 14).
 */
public final class IndexEntryCodec {
    static final byte VERSION = 1;
    /** Longest string kept (type, topic, dead-letter detail): bounds an entry's size. */
    static final int MAX_STRING_BYTES = 1024;
    private static final int FLAG_TYPE = 1;
    private static final int FLAG_DLQ = 2;
    private static final byte[] MINIMAL = encode(IndexEntry.MINIMAL);

    private IndexEntryCodec() {
    }

    /** The encoded {@link IndexEntry#MINIMAL} (shared: callers must not change it). */
    public static byte[] minimal() {
        return MINIMAL;
    }

    public static byte[] encode(IndexEntry e) {
        byte[] type = utf8(e.type());
        byte[] reason = utf8(e.deadLetterReason());
        byte[] detail = utf8(e.deadLetterDetail());
        boolean dlq = reason != null;
        List<byte[]> outputs = new ArrayList<>(e.outputs().size());
        int size = 2 + 8 + (type != null ? 2 + type.length : 0) + 2 + e.deliveries().size() * 25 + 2;
        for (String o : e.outputs()) {
            byte[] b = utf8(o);
            outputs.add(b);
            size += 2 + b.length;
        }
        if (dlq) {
            size += 4 + reason.length + (detail == null ? 0 : detail.length);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(VERSION).put((byte) ((type != null ? FLAG_TYPE : 0) | (dlq ? FLAG_DLQ : 0)));
        buf.putInt(e.deliveriesTotal()).putInt(e.copiesDropped());
        if (type != null) {
            putString(buf, type);
        }
        buf.putShort((short) e.deliveries().size());
        for (IndexEntry.Delivery d : e.deliveries()) {
            buf.putLong(d.receivedAt()).putInt(d.attempt()).putInt(d.partition()).putLong(d.offset())
                    .put((byte) (d.duplicate() ? 1 : 0));
        }
        buf.putShort((short) outputs.size());
        outputs.forEach(o -> putString(buf, o));
        if (dlq) {
            putString(buf, reason);
            putString(buf, detail == null ? new byte[0] : detail);
        }
        return buf.array();
    }

    /**
     * @throws IllegalArgumentException when the bytes are no entry (unknown version, truncated)
     */
    public static IndexEntry decode(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        if (value.length == 8 && value[0] == 0) {
            return IndexEntry.LEGACY;
        }
        if (value.length < 2 || value[0] != VERSION) {
            throw new IllegalArgumentException("not an index entry (version " + (value.length == 0 ? "none" : value[0]) + ")");
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(value);
            buf.get();
            int flags = buf.get();
            int total = buf.getInt();
            int dropped = buf.getInt();
            String type = (flags & FLAG_TYPE) != 0 ? getString(buf) : null;
            int n = Short.toUnsignedInt(buf.getShort());
            List<IndexEntry.Delivery> ds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ds.add(new IndexEntry.Delivery(buf.getLong(), buf.getInt(), buf.getInt(), buf.getLong(), buf.get() != 0));
            }
            int m = Short.toUnsignedInt(buf.getShort());
            List<String> outputs = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                outputs.add(getString(buf));
            }
            String reason = null;
            String detail = null;
            if ((flags & FLAG_DLQ) != 0) {
                reason = getString(buf);
                detail = getString(buf);
            }
            return new IndexEntry(type, ds, total, dropped, outputs, reason, detail, false);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated index entry", e);
        }
    }

    private static byte[] utf8(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_STRING_BYTES) {
            return b;
        }
        // cut on a character boundary: back off continuation bytes (10xxxxxx)
        int end = MAX_STRING_BYTES;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(b, end);
    }

    private static void putString(ByteBuffer buf, byte[] b) {
        buf.putShort((short) b.length).put(b);
    }

    private static String getString(ByteBuffer buf) {
        int len = Short.toUnsignedInt(buf.getShort());
        if (len > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        String s = new String(buf.array(), buf.position(), len, StandardCharsets.UTF_8);
        buf.position(buf.position() + len);
        return s;
    }
}
