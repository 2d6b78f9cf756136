package io.sluice.consumer;

import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;

/**
 * Kafka value deserializer for every topic Sluice writes events to, whatever the route's format:
 * <ul>
 *   <li>{@code format: avro}: a {@link WebhookEvent} in Avro single-object encoding, written with the
 *       current schema or any released one (the writer schema is found by its fingerprint);</li>
 *   <li>{@code format: json}: a CloudEvent in JSON (structured mode,
 *       {@code content-type: application/cloudevents+json}), mapped back to the same {@link WebhookEvent}.</li>
 * </ul>
 * The first bytes decide ({@code C3 01} + fingerprint is Avro, anything else is tried as JSON), not the
 * {@code content-type} header, which Kafka Streams carries over to repartition topics. Anything else fails with {@link SerializationException}
 * (a Kafka Streams app hands it to its deserialization exception handler). A null value stays null.
 */
public final class SluiceEventDeserializer implements Deserializer<WebhookEvent> {
    @Override
    public WebhookEvent deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public WebhookEvent deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        boolean json = isJson(data);
        try {
            return json ? CloudEventJson.decode(data) : SingleObjectCodec.decode(data);
        } catch (IOException | AvroRuntimeException | IllegalArgumentException e) {
            // BadHeaderException and MissingSchemaException are AvroRuntimeExceptions
            throw new SerializationException("not a Sluice event (" + (json ? "CloudEvents JSON" : "Avro")
                    + ") on " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * By the bytes, not the {@code content-type} header: Kafka Streams copies a record's headers onto
     * repartition topics and state changelogs whose values this serde wrote as Avro, so a JSON route's
     * header can sit on an Avro value. A JSON document never starts with {@code C3 01}.
     */
    private static boolean isJson(byte[] data) {
        return !SingleObjectCodec.hasMarker(data);
    }
}
