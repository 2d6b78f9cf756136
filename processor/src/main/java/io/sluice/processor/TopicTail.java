package io.sluice.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.SluiceConfig;
import io.sluice.schemas.CloudEventJson;
import io.sluice.schemas.SingleObjectCodec;
import io.sluice.schemas.WebhookEvent;
import io.sluice.topics.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice tail TOPIC [--from-beginning] [--max N] [--timeout DURATION]}: prints each record of a
 * topic as one JSON line (format in docs/processor.md). Reads with {@code read_committed} and no
 * consumer group (partitions assigned directly, nothing committed), so tailing never disturbs the
 * processor or other consumers.
 */
public final class TopicTail {
    /** Exit code: done (max reached, or no record for the timeout). */
    public static final int OK = 0;
    /** Exit code: the topic does not exist. */
    public static final int NO_SUCH_TOPIC = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private TopicTail() {
    }

    /**
     * @param fromBeginning start at the earliest offset instead of the end
     * @param max           stop after this many records; null = no limit
     * @param timeout       stop when no record arrived for this long; null = until interrupted
     * @return {@link #OK}, or {@link #NO_SUCH_TOPIC} (message on stderr)
     */
    public static int run(SluiceConfig config, String topic, boolean fromBeginning, Integer max, Duration timeout,
                          PrintStream out) {
        Map<String, Object> props = KafkaClients.common(config);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-tail");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // looking must not create a topic
        long idleNanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        long lastActivity = System.nanoTime();
        int printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                System.err.println("sluice tail: no topic named '" + topic + "'");
                return NO_SUCH_TOPIC;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // resolve "end" now, not at the first poll
            }
            lastActivity = System.nanoTime();
            while ((max == null || printed < max) && System.nanoTime() - lastActivity < idleNanos) {
                long left = Math.max(1, Math.min(500, (idleNanos - (System.nanoTime() - lastActivity)) / 1_000_000));
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(left))) {
                    if (max != null && printed >= max) {
                        break;
                    }
                    out.println(line(r));
                    printed++;
                    lastActivity = System.nanoTime(); // the timeout counts from the last record
                }
                out.flush();
            }
        } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            System.err.println("sluice tail: no topic named '" + topic + "'");
            return NO_SUCH_TOPIC;
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    /** One record as a JSON line. */
    static String line(ConsumerRecord<byte[], byte[]> r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("topic", r.topic());
        n.put("partition", r.partition());
        n.put("offset", r.offset());
        n.put("timestamp", r.timestamp());
        putBytes(n, "key", r.key());
        ObjectNode headers = n.putObject("headers");
        for (Header h : r.headers()) {
            String text = utf8(h.value());
            headers.put(h.key(), h.value() == null ? null : text != null ? text : "base64:" + b64(h.value()));
        }
        WebhookEvent event = decode(r.value());
        WebhookEvent structured = event == null ? decodeJson(r) : null;
        if (event != null) {
            n.put("value_format", "avro");
            n.set("value", eventJson(event));
        } else if (structured != null) {
            n.put("value_format", "cloudevents-json");
            n.set("value", eventJson(structured));
        } else {
            putBytes(n, "value", r.value());
        }
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebhookEvent decode(byte[] value) {
        if (!SingleObjectCodec.hasMarker(value)) {
            return null;
        }
        try {
            return SingleObjectCodec.decode(value);
        } catch (IOException | RuntimeException e) {
            return null; // not ours after all: print as bytes
        }
    }

    /** A JSON route's record (content-type application/cloudevents+json), else null. */
    private static WebhookEvent decodeJson(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null || !CloudEventJson.CONTENT_TYPE.equals(RawHeaders.text(r.headers(), RawHeaders.CONTENT_TYPE))) {
            return null;
        }
        try {
            return CloudEventJson.decode(r.value());
        } catch (IllegalArgumentException e) {
            return null; // print as bytes
        }
    }

    static ObjectNode eventJson(WebhookEvent e) {
        ObjectNode v = JSON.createObjectNode();
        v.put("id", e.getId());
        v.put("source", e.getSource());
        v.put("type", e.getType());
        v.put("subject", e.getSubject());
        v.put("time", e.getTime() == null ? null : e.getTime().toString());
        v.put("received_at", e.getReceivedAt().toString());
        if (e.getDeliveryAttempt() == null) {
            v.putNull("delivery_attempt");
        } else {
            v.put("delivery_attempt", e.getDeliveryAttempt());
        }
        v.put("content_type", e.getContentType());
        ByteBuffer b = e.getData().duplicate();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        putBytes(v, "data", data);
        ObjectNode attributes = v.putObject("attributes");
        e.getAttributes().forEach(attributes::put);
        return v;
    }

    /** {@code name}: UTF-8 text when valid, else base64 with {@code name_encoding: "base64"}; null stays null. */
    private static void putBytes(ObjectNode n, String name, byte[] bytes) {
        if (bytes == null) {
            n.putNull(name);
            return;
        }
        String text = utf8(bytes);
        if (text != null) {
            n.put(name, text);
        } else {
            n.put(name, b64(bytes));
            n.put(name + "_encoding", "base64");
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Strict decode: null when the bytes are not valid UTF-8 (or hold control bytes other than tab/CR/LF). */
    static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            for (int i = 0; i < cb.length(); i++) {
                char c = cb.charAt(i);
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    return null;
                }
            }
            return cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
