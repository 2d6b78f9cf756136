package io.sluice.consumer;

import io.sluice.schemas.WebhookEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Entry points of the consumer kit: the serde, consumer settings that fit Sluice's topics, and helpers. */
public final class SluiceConsumers {
    private SluiceConsumers() {
    }

    /** A new serde reading both route formats. */
    public static Serde<WebhookEvent> serde() {
        return new SluiceEventSerde();
    }

    /**
     * Consumer properties for a Sluice topic: String keys ({@code <source>:<event id>}), {@link WebhookEvent}
     * values, {@code read_committed} (the processor writes in transactions: only committed records are
     * events), from the earliest offset for a new group, and manual commits so that an event counts as
     * handled only after the handler returned (at-least-once: make handlers idempotent on
     * {@code source + id}).
     */
    public static Properties consumerProperties(String bootstrapServers, String groupId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SluiceEventDeserializer.class.getName());
        return p;
    }

    /** The payload bytes, as received by the ingress (a copy; the event's buffer is left as it was). */
    public static byte[] data(WebhookEvent event) {
        ByteBuffer b = event.getData().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The payload as UTF-8 text (JSON providers). */
    public static String dataText(WebhookEvent event) {
        return new String(data(event), StandardCharsets.UTF_8);
    }
}
