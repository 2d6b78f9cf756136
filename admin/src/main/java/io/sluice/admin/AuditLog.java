package io.sluice.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.SluiceConfig;
import io.sluice.topics.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The audit log of the admin API: every change (reload, replay, cancel, stream token) becomes one
 * JSON record in {@code topics.audit}:
 * <pre>{"time":"2026-…Z","token":"ops","action":"replay.start","params":{"job":"j1",…}}</pre>
 * keyed by the token name. Parameters whose name looks secret ({@code token}, {@code secret},
 * {@code password}, {@code authorization}, {@code signature}, {@code key}) are replaced by
 * {@code "[redacted]"}, at any depth, so a caller cannot leak one into the log by mistake.
 */
public class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    static final String REDACTED = "[redacted]";
    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(token|secret|password|authorization|signature|credential|apikey|api-key|api_key).*");

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public AuditLog(Producer<String, byte[]> producer, String topic, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
    }

    /** An audit log writing to {@code topics.audit} with its own idempotent producer. */
    public static AuditLog start(SluiceConfig config) {
        Map<String, Object> p = KafkaClients.common(config);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-audit");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new AuditLog(new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()),
                config.topics().audit(), Clock.systemUTC());
    }

    /**
     * Records one change. Returns once the record is handed to the producer; the returned future
     * completes when Kafka has it (callers that must not proceed without an audit record wait on it).
     *
     * @param tokenName the name of the token that asked (never the token)
     * @param action    e.g. {@code reload}, {@code replay.start}, {@code replay.cancel}, {@code stream-token.create}
     * @param params    the request's parameters; secret-looking names are redacted
     */
    public CompletableFuture<Void> record(String tokenName, String action, Map<String, Object> params) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now(clock).toString());
        entry.put("token", tokenName);
        entry.put("action", action);
        entry.put("params", redact(params == null ? Map.of() : params));
        byte[] value;
        try {
            value = json.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            LOG.error("event=audit_unencodable action={} error={}", action, e.getClass().getName());
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, tokenName, value), (md, error) -> {
                if (error != null) {
                    LOG.error("event=audit_write_failed action={} token_name={} error={}", action, tokenName,
                            error.getClass().getSimpleName());
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            LOG.error("event=audit_write_failed action={} token_name={} error={}", action, tokenName,
                    e.getClass().getSimpleName());
            done.completeExceptionally(e);
        }
        LOG.info("event=audit action={} token_name={}", action, tokenName);
        return done;
    }

    /** A copy with every secret-looking key's value replaced, at any depth. */
    static Map<String, Object> redact(Map<String, ?> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, SECRET_NAME.matcher(k.toLowerCase(Locale.ROOT)).matches()
                ? REDACTED : redactValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return redact((Map<String, ?>) m);
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(AuditLog::redactValue).toList();
        }
        return v;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

}
