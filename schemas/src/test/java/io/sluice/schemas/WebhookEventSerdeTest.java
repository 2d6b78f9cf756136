package io.sluice.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookEventSerdeTest {
    private final WebhookEventSerde serde = new WebhookEventSerde();

    static WebhookEvent sample(byte[] data) {
        return WebhookEvent.newBuilder()
                .setId("evt_1").setSource("hyperspell").setType("index-completed")
                .setSubject("res-9").setTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_123L)).setDeliveryAttempt(2)
                .setContentType("application/json").setData(ByteBuffer.wrap(data))
                .setAttributes(Map.of("app", "acme", "user_id", "u1"))
                .build();
    }

    /** The reused per-thread buffer gives exactly Avro's own single-object encoding, call after call. */
    @Test
    void encodeGivesAvrosSingleObjectEncoding() throws Exception {
        var avro = new org.apache.avro.message.BinaryMessageEncoder<WebhookEvent>(
                org.apache.avro.specific.SpecificData.getForSchema(WebhookEvent.SCHEMA$), WebhookEvent.SCHEMA$);
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 'x');
        WebhookEvent full = sample("{\"event\":\"index-completed\"}".getBytes(StandardCharsets.UTF_8));
        WebhookEvent bare = WebhookEvent.newBuilder(sample(new byte[0]))
                .setSubject(null).setTime(null).setDeliveryAttempt(null).setAttributes(Map.of()).build();
        for (WebhookEvent e : new WebhookEvent[]{full, sample(big), bare, full}) {
            ByteBuffer expected = avro.encode(e);
            byte[] want = new byte[expected.remaining()];
            expected.get(want);
            assertThat(SingleObjectCodec.encode(e)).isEqualTo(want);
        }
    }

    @Test
    void roundTripKeepsEveryField() {
        WebhookEvent in = sample("{\"event\":\"index-completed\"}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = serde.serializer().serialize("t", in);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(in);
    }

    @Test
    void roundTripKeepsNullableFieldsNull() {
        WebhookEvent in = WebhookEvent.newBuilder(sample(new byte[0]))
                .setSubject(null).setTime(null).setDeliveryAttempt(null).setAttributes(Map.of()).build();
        WebhookEvent out = serde.deserializer().deserialize("t", serde.serializer().serialize("t", in));
        assertThat(out.getSubject()).isNull();
        assertThat(out.getTime()).isNull();
        assertThat(out.getDeliveryAttempt()).isNull();
        assertThat(out).isEqualTo(in);
    }

    @Test
    void dataStaysByteExact() {
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i; // every byte value, invalid UTF-8 included
        }
        WebhookEvent out = serde.deserializer().deserialize("t", serde.serializer().serialize("t", sample(data)));
        ByteBuffer b = out.getData();
        byte[] back = new byte[b.remaining()];
        b.get(back);
        assertThat(back).isEqualTo(data);
    }

    @Test
    void valueStartsWithMarkerAndLittleEndianFingerprint() {
        byte[] bytes = serde.serializer().serialize("t", sample(new byte[]{1}));
        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        long fp = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fp).isEqualTo(SingleObjectCodec.fingerprint());
    }

    @Test
    void nullSerializesToNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void bytesWithoutMarkerAreRejected() {
        byte[] json = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", json))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void unknownFingerprintIsRejected() {
        byte[] bytes = serde.serializer().serialize("t", sample(new byte[]{1}));
        bytes[5] ^= 0x5A;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class);
    }
}
