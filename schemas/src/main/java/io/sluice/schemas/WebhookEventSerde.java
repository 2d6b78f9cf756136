package io.sluice.schemas;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for {@link WebhookEvent} in Avro single-object encoding ({@code C3 01} + fingerprint + binary). */
public final class WebhookEventSerde implements Serde<WebhookEvent> {
    private final WebhookEventSerializer serializer = new WebhookEventSerializer();
    private final WebhookEventDeserializer deserializer = new WebhookEventDeserializer();

    @Override
    public Serializer<WebhookEvent> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<WebhookEvent> deserializer() {
        return deserializer;
    }
}
