package io.sluice.processor;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * An output value together with the route topic it goes to. The topology has one sink for every
 * route topic, which takes the topic from here: routes can then change while the processor runs
 * (live config) without a new topology. Only the bytes are written.
 *
 * @param topic the output topic (it exists: topics are created before a config is switched to)
 * @param value the encoded value
 */
record RoutedValue(String topic, byte[] value) {
    static final TopicNameExtractor<byte[], RoutedValue> TOPIC = (key, routed, context) -> routed.topic();

    static final Serializer<RoutedValue> SERIALIZER = (topic, routed) -> routed == null ? null : routed.value();
}
