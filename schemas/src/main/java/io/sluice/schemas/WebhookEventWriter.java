package io.sluice.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Avro binary encoding of a {@link WebhookEvent}, written field by field for the one schema whose
 * fingerprint is {@link #SCHEMA_FINGERPRINT}: the same bytes as Avro's {@code SpecificDatumWriter}
 * (a test compares them), without its per-field schema walk, union resolution by class name and
 * logical-type conversion lookups (5-7 % of the processor's stream thread with Avro's writer).
 *
 * <p>The generated class has no custom coders (its timestamp fields are logical types), so Avro cannot
 * do this itself. When the schema changes, {@link #SUPPORTED} turns false and {@link SingleObjectCodec}
 * falls back to Avro's writer until this class is brought in step (its test fails meanwhile).
 *
 * <p>Null in a non-null field throws {@link NullPointerException}, as Avro's writer does.
 */
final class WebhookEventWriter {
    /** CRC-64-AVRO fingerprint of the schema this writer encodes. */
    static final long SCHEMA_FINGERPRINT = 0x8596250db7a54ba9L;
    /** True when the generated class's schema is the one this writer encodes. */
    static final boolean SUPPORTED = SingleObjectCodec.fingerprint() == SCHEMA_FINGERPRINT;

    private WebhookEventWriter() {
    }

    /** Appends the Avro binary body of {@code e} (no single-object header) to {@code out}. */
    static void write(WebhookEvent e, Sink out) {
        string(out, e.getId());
        string(out, e.getSource());
        string(out, e.getType());
        String subject = e.getSubject();
        if (subject == null) {
            out.varLong(0); // union branch 0: null
        } else {
            out.varLong(1);
            string(out, subject);
        }
        Instant time = e.getTime();
        if (time == null) {
            out.varLong(0);
        } else {
            out.varLong(1);
            out.varLong(time.toEpochMilli()); // timestamp-millis, as Avro's TimestampMillisConversion
        }
        out.varLong(e.getReceivedAt().toEpochMilli());
        Integer attempt = e.getDeliveryAttempt();
        if (attempt == null) {
            out.varLong(0);
        } else {
            out.varLong(1);
            out.varLong(attempt); // an Avro int is zig-zag encoded like a long of the same value
        }
        string(out, e.getContentType());
        ByteBuffer data = e.getData();
        int len = data.remaining();
        out.varLong(len);
        if (len > 0) {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), len);
            } else {
                byte[] copy = new byte[len];
                data.duplicate().get(copy); // leaves the event's buffer where it was, as Avro does
                out.write(copy, 0, len);
            }
        }
        Map<String, String> attributes = e.getAttributes();
        int n = attributes.size();
        if (n > 0) {
            out.varLong(n); // one block of n entries, then the empty block that ends the map
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                string(out, a.getKey());
                string(out, a.getValue());
            }
        }
        out.varLong(0);
    }

    private static void string(Sink out, String s) {
        if (s.isEmpty()) {
            out.varLong(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.varLong(b.length);
        out.write(b, 0, b.length);
    }

    /** Where the bytes go. */
    interface Sink {
        void write(byte[] b, int off, int len);

        /** Appends {@code v} zig-zag varint encoded (Avro's int and long). */
        void varLong(long v);
    }
}
