package io.sluice.schemas;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer writing {@link WebhookEvent} in Avro single-object encoding; null stays null (tombstone). */
public final class WebhookEventSerializer implements Serializer<WebhookEvent> {
    @Override
    public byte[] serialize(String topic, WebhookEvent data) {
        return data == null ? null : SingleObjectCodec.encode(data);
    }
}
