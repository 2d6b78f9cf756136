package io.sluice.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    private static final BinaryMessageEncoder<WebhookEvent> ENCODER =
            new BinaryMessageEncoder<>(SpecificData.getForSchema(WebhookEvent.SCHEMA$), WebhookEvent.SCHEMA$);
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

    /** Encodes one event. */
    public static byte[] encode(WebhookEvent event) {
        try {
            ByteBuffer buf = ENCODER.encode(event);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
