package io.sluice.consumer;

import io.sluice.schemas.WebhookEvent;
import io.sluice.schemas.WebhookEventSerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link Serde} of {@link WebhookEvent} for Kafka Streams and other Kafka clients: reads both route
 * formats and every released schema ({@link SluiceEventDeserializer}); writes Avro single-object
 * encoding with the current schema (e.g. for a repartition topic or a state store).
 */
public final class SluiceEventSerde implements Serde<WebhookEvent> {
    private final Serializer<WebhookEvent> serializer = new WebhookEventSerializer();
    private final Deserializer<WebhookEvent> deserializer = new SluiceEventDeserializer();

    @Override
    public Serializer<WebhookEvent> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<WebhookEvent> deserializer() {
        return deserializer;
    }
}
