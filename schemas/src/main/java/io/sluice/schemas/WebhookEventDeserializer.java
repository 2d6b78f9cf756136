package io.sluice.schemas;

import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;

/**
 * Kafka deserializer reading Avro single-object encoded {@link WebhookEvent}s written with the
 * current or any released schema. Anything else fails with {@link SerializationException}, which
 * Kafka Streams hands to its deserialization exception handler.
 */
public final class WebhookEventDeserializer implements Deserializer<WebhookEvent> {
    @Override
    public WebhookEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return SingleObjectCodec.decode(data);
        } catch (IOException | AvroRuntimeException e) {
            // BadHeaderException and MissingSchemaException are AvroRuntimeExceptions
            throw new SerializationException("not a single-object encoded WebhookEvent on " + topic + ": "
                    + e.getMessage(), e);
        }
    }
}
