package io.sluice.schemas;

import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookEventWriterTest {
    private static final BinaryMessageEncoder<WebhookEvent> AVRO =
            new BinaryMessageEncoder<>(SpecificData.getForSchema(WebhookEvent.SCHEMA$), WebhookEvent.SCHEMA$);

    private static byte[] avro(WebhookEvent e) throws Exception {
        ByteBuffer b = AVRO.encode(e);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Fails when the schema changed: bring the writer in step (SingleObjectCodec uses Avro's writer meanwhile). */
    @Test
    void writesTheCurrentSchema() {
        assertThat(WebhookEventWriter.SUPPORTED)
                .as("WebhookEvent.avsc changed: update WebhookEventWriter and its SCHEMA_FINGERPRINT").isTrue();
    }

    @Test
    void givesAvrosBytesForRandomEvents() throws Exception {
        Random r = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            WebhookEvent e = random(r);
            ByteBuffer data = e.getData();
            int position = data.position();
            assertThat(SingleObjectCodec.encode(e)).as("event %d: %s", i, e).isEqualTo(avro(e));
            assertThat(data.position()).isEqualTo(position);
        }
    }

    @Test
    void givesAvrosBytesForEdgeValues() throws Exception {
        WebhookEvent base = random(new Random(1));
        Instant[] times = {Instant.EPOCH, Instant.ofEpochMilli(-1), Instant.ofEpochSecond(-5, 999_999_999),
                Instant.ofEpochMilli(Long.MAX_VALUE), Instant.ofEpochMilli(Long.MIN_VALUE), Instant.parse("9999-12-31T23:59:59.999Z")};
        for (Instant t : times) {
            WebhookEvent e = WebhookEvent.newBuilder(base).setTime(t).setReceivedAt(t).build();
            assertThat(SingleObjectCodec.encode(e)).isEqualTo(avro(e));
        }
        for (int attempt : new int[]{0, 1, -1, 63, 64, -64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            WebhookEvent e = WebhookEvent.newBuilder(base).setDeliveryAttempt(attempt).build();
            assertThat(SingleObjectCodec.encode(e)).isEqualTo(avro(e));
        }
        // a slice of a larger array, a direct buffer, a read-only one: the remaining bytes only
        byte[] big = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put("hello".getBytes(StandardCharsets.UTF_8));
        direct.flip();
        for (ByteBuffer data : new ByteBuffer[]{ByteBuffer.wrap(big, 2, 7), ByteBuffer.wrap(big, 2, 7).slice(), direct,
                ByteBuffer.wrap(big).asReadOnlyBuffer(), ByteBuffer.allocate(0)}) {
            WebhookEvent e = WebhookEvent.newBuilder(base).setData(data).build();
            int position = data.position();
            assertThat(SingleObjectCodec.encode(e)).isEqualTo(avro(e));
            assertThat(data.position()).isEqualTo(position);
        }
        // unpaired surrogates become '?' in both (String.getBytes)
        WebhookEvent odd = WebhookEvent.newBuilder(base).setSubject("a\uD800b").setId("\uDC00").build();
        assertThat(SingleObjectCodec.encode(odd)).isEqualTo(avro(odd));
    }

    @Test
    void nullInARequiredFieldThrowsNullPointerExceptionAsAvroDoes() {
        WebhookEvent base = random(new Random(2));
        WebhookEvent noId = new WebhookEvent(null, base.getSource(), base.getType(), null, null, base.getReceivedAt(),
                null, base.getContentType(), base.getData(), Map.of());
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        WebhookEvent badAttribute = new WebhookEvent(base.getId(), base.getSource(), base.getType(), null, null,
                base.getReceivedAt(), null, base.getContentType(), base.getData(), nullValue);
        for (WebhookEvent e : new WebhookEvent[]{noId, badAttribute}) {
            assertThatThrownBy(() -> avro(e)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> SingleObjectCodec.encode(e)).isInstanceOf(NullPointerException.class);
        }
    }

    private static WebhookEvent random(Random r) {
        Map<String, String> attributes = new LinkedHashMap<>();
        int n = r.nextInt(4) == 0 ? 0 : r.nextInt(200);
        for (int i = 0; i < n; i++) {
            attributes.put(text(r, 12) + i, text(r, 30));
        }
        byte[] body = new byte[r.nextInt(3) == 0 ? r.nextInt(5) : r.nextInt(9000)];
        r.nextBytes(body);
        int offset = body.length == 0 ? 0 : r.nextInt(body.length);
        return new WebhookEvent(text(r, 80), text(r, 20), text(r, 40), r.nextBoolean() ? null : text(r, 300),
                r.nextBoolean() ? null : Instant.ofEpochMilli(r.nextLong() >> r.nextInt(64)),
                Instant.ofEpochMilli(r.nextLong() >> r.nextInt(64)), r.nextBoolean() ? null : r.nextInt() >> r.nextInt(32),
                text(r, 30), ByteBuffer.wrap(body, offset, body.length - offset), attributes);
    }

    /** Empty sometimes; ASCII mostly; now and then 2-, 3- and 4-byte UTF-8 characters. */
    private static String text(Random r, int max) {
        int len = r.nextInt(5) == 0 ? 0 : r.nextInt(max + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            switch (r.nextInt(10)) {
                case 0 -> b.append((char) (0x80 + r.nextInt(0x700)));
                case 1 -> b.append((char) (0x800 + r.nextInt(0xD000 - 0x800)));
                case 2 -> b.appendCodePoint(0x10000 + r.nextInt(0x10000));
                default -> b.append((char) (0x20 + r.nextInt(0x5F)));
            }
        }
        return b.toString();
    }
}
