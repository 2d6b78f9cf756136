package io.sluice.bench.harness;

import io.sluice.config.SluiceConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The pass-through ingress ceiling ("relay"): the least a server can do and still give the
 * ingress's guarantee. It reads the body, produces it to the raw topic with one shared
 * {@link KafkaProducer} (acks=all, idempotent, the ingress's {@code linger.ms}) and answers
 * {@code 200} once Kafka has acknowledged it. No verification, no JSON, no routing: what is left
 * is HTTP + Kafka, on the same number of event loops as the ingress, against the same broker.
 *
 * <p>The record looks like the ingress's (so the broker's work is the same): key
 * {@code bench:<signature>} (the ingress's is {@code <source>:<sha256>}, the same length), the body
 * as value, and {@code sluice.*} headers of the same sizes.
 */
final class Relay implements AutoCloseable {
    /** {@code io.sluice.ingress.ProducerSettings.LINGER_MS} (package-private there): keep in step. */
    static final long INGRESS_LINGER_MS = 5;
    private static final String SIGNATURE = "X-Hyperspell-Signature";

    private final BodyServer server;
    private final KafkaProducer<byte[], byte[]> producer;

    private Relay(BodyServer server, KafkaProducer<byte[], byte[]> producer) {
        this.server = server;
        this.producer = producer;
    }

    static Relay start(SluiceConfig config, int eventLoops) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-relay");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, INGRESS_LINGER_MS);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        String topic = config.topics().raw();
        producer.partitionsFor(topic); // metadata before the first request, as the ingress's readiness check does
        byte[] source = "bench".getBytes(StandardCharsets.UTF_8);
        byte[] type = "index-completed".getBytes(StandardCharsets.UTF_8);
        byte[] json = "application/json".getBytes(StandardCharsets.UTF_8);
        BodyServer server = BodyServer.start(eventLoops, (req, body) -> relay(req, body, producer, topic, source, type, json));
        return new Relay(server, producer);
    }

    private static void relay(HttpServerRequest req, Buffer body, KafkaProducer<byte[], byte[]> producer, String topic,
                              byte[] source, byte[] type, byte[] json) {
        String sig = req.getHeader(SIGNATURE);
        String id = sig == null ? "none" : sig;
        RecordHeaders h = new RecordHeaders();
        h.add("sluice.source", source);
        h.add("sluice.event-id", id.getBytes(StandardCharsets.UTF_8));
        h.add("sluice.event-type", type);
        h.add("sluice.received-at", Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
        h.add("content-type", json);
        byte[] key = ("bench:" + id).getBytes(StandardCharsets.UTF_8);
        Context ctx = Vertx.currentContext();
        Buffer ok = Buffer.buffer("{\"status\":\"accepted\",\"id\":\"" + id + "\"}");
        producer.send(new ProducerRecord<>(topic, null, key, body.getBytes(), h), (md, e) ->
                // answer on the request's event loop, as a Vert.x server must
                ctx.runOnContext(v -> {
                    if (e == null) {
                        req.response().putHeader("content-type", "application/json").end(ok);
                    } else {
                        req.response().setStatusCode(503).end();
                    }
                }));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        producer.close(Duration.ofSeconds(10));
    }
}
