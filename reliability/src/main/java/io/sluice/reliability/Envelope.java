package io.sluice.reliability;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes output values as any downstream consumer would: Avro single-object encoding read with the
 * {@code WebhookEvent.avsc} shipped in the schemas jar (generic records, no generated classes).
 */
public final class Envelope {
    private final BinaryMessageDecoder<GenericRecord> decoder;

    /**
     * The decoded fields the suite checks.
     *
     * @param id     {@code id}
     * @param source {@code source}
     * @param data   {@code data}, the body as received
     */
    public record Decoded(String id, String source, byte[] data) {
    }

    private Envelope(Schema schema) {
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), schema);
    }

    /** The decoder for the schema on the classpath ({@code /avro/WebhookEvent.avsc} of sluice-schemas). */
    public static Envelope fromClasspath() {
        try (InputStream in = Envelope.class.getResourceAsStream("/avro/WebhookEvent.avsc")) {
            if (in == null) {
                throw new IllegalStateException("/avro/WebhookEvent.avsc is not on the classpath (sluice-schemas)");
            }
            return new Envelope(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes one value; throws when it is not a single-object encoded WebhookEvent. */
    public Decoded decode(byte[] value) throws IOException {
        GenericRecord r = decoder.decode(value);
        ByteBuffer data = (ByteBuffer) r.get("data");
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return new Decoded(String.valueOf(r.get("id")), String.valueOf(r.get("source")), bytes);
    }
}
