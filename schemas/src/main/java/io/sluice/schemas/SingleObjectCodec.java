package io.sluice.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Avro single-object encoding of {@link WebhookEvent}: {@code C3 01}, the 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema, then the Avro binary body.
 *
 * <p>The decoder knows the current schema and every released one bundled with this jar
 * ({@link #RELEASED_SCHEMAS}), so records written by an older Sluice still decode.
 */
public final class SingleObjectCodec {
    /** The two marker bytes every single-object encoded value starts with. */
    public static final byte[] MAGIC = {(byte) 0xC3, (byte) 0x01};
    /** Marker plus fingerprint. */
    public static final int HEADER_LENGTH = 10;
    /** Released schemas shipped as resources, oldest first; kept in step with src/test/resources/released. */
    static final List<String> RELEASED_SCHEMAS = List.of("/avro/released/0.1.0/WebhookEvent.avsc");

    /** Marker and fingerprint: what {@link BinaryMessageEncoder} writes before the binary body. */
    private static final byte[] HEADER = header();
    /** Thread-safe (no state per write), as the generated class's own writer. */
    private static final DatumWriter<WebhookEvent> WRITER =
            SpecificData.getForSchema(WebhookEvent.SCHEMA$).createDatumWriter(WebhookEvent.SCHEMA$);
    /**
     * Per thread, a growable buffer and the encoder over it, reused for every event: Avro's
     * {@code BinaryMessageEncoder.encode} also reuses them, but then copies into a fresh ByteBuffer
     * that {@link #encode} copied again into the byte[] the record needs.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final BinaryMessageDecoder<WebhookEvent> DECODER = decoder();

    private SingleObjectCodec() {
    }

    private static BinaryMessageDecoder<WebhookEvent> decoder() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        BinaryMessageDecoder<WebhookEvent> d = new BinaryMessageDecoder<>(
                SpecificData.getForSchema(WebhookEvent.SCHEMA$), WebhookEvent.SCHEMA$, store);
        for (String path : RELEASED_SCHEMAS) {
            try (InputStream in = SingleObjectCodec.class.getResourceAsStream(path)) {
                if (in != null) {
                    d.addSchema(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return d;
    }

    /** Encodes one event (the bytes {@code BinaryMessageEncoder} gives: marker, fingerprint, binary body). */
    public static byte[] encode(WebhookEvent event) {
        Scratch s = SCRATCH.get();
        s.out.reset();
        s.out.write(HEADER, 0, HEADER.length);
        if (WebhookEventWriter.SUPPORTED) {
            WebhookEventWriter.write(event, s.out);
            return s.out.toByteArray();
        }
        s.encoder = EncoderFactory.get().directBinaryEncoder(s.out, s.encoder);
        try {
            WRITER.write(event, s.encoder);
            s.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.out.toByteArray();
    }

    private static byte[] header() {
        long fp = fingerprint();
        byte[] h = new byte[HEADER_LENGTH];
        h[0] = MAGIC[0];
        h[1] = MAGIC[1];
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (fp >>> (8 * i)); // little-endian, as the single-object spec says
        }
        return h;
    }

    /** One thread's buffer and encoder. */
    private static final class Scratch {
        final Buffer out = new Buffer();
        BinaryEncoder encoder;
    }

    /** A ByteArrayOutputStream without its locks (one thread writes it). */
    private static final class Buffer extends OutputStream implements WebhookEventWriter.Sink {
        private byte[] buf = new byte[4096];
        private int count;

        void reset() {
            count = 0;
            if (buf.length > 1 << 20) {
                buf = new byte[4096]; // do not keep a huge event's buffer for the thread's lifetime
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void varLong(long v) {
            ensure(10);
            long z = (v << 1) ^ (v >> 63); // zig-zag
            while ((z & ~0x7FL) != 0) {
                buf[count++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[count++] = (byte) z;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }
    }

    /**
     * Decodes one event.
     *
     * @throws BadHeaderException     when the bytes are not single-object encoded
     * @throws MissingSchemaException when the fingerprint names a schema this build does not know
     * @throws IOException            when the body is not valid Avro binary for the writer schema
     */
    public static WebhookEvent decode(byte[] bytes) throws IOException {
        return DECODER.decode(bytes);
    }

    /** True when {@code bytes} start with the single-object marker and are long enough to hold a fingerprint. */
    public static boolean hasMarker(byte[] bytes) {
        return bytes != null && bytes.length >= HEADER_LENGTH && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1];
    }

    /** The CRC-64-AVRO fingerprint of the current {@link WebhookEvent} schema. */
    public static long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(WebhookEvent.SCHEMA$);
    }
}
