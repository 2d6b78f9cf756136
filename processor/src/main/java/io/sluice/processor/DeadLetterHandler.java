package io.sluice.processor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' deserialization, processing and production exception handler: instead of stopping
 * the application, the source record (raw key, raw value, its headers plus {@code sluice.dlq.reason}
 * and {@code sluice.dlq.detail}) is written to the dead-letter topic inside the same transaction,
 * and processing resumes (KIP-1034's handler responses).
 *
 * <p>Production errors that are not about the record itself (timeouts, authorization, a broker
 * outage) still fail: dead-lettering a good event because Kafka was down would lose it from its route.
 *
 * <p>Configured from the Streams properties: {@link StreamsConfig#ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG}
 * names the topic, {@link #METRICS_CONFIG} optionally holds the {@link ProcessorMetrics} instance.
 */
public final class DeadLetterHandler
        implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {
    /** Streams property holding the {@link ProcessorMetrics} object the handler counts into. */
    public static final String METRICS_CONFIG = "sluice.processor.metrics";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String topic;
    private ProcessorMetrics metrics = ProcessorMetrics.inMemory();

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (t == null || t.toString().isBlank()) {
            throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " is not set");
        }
        topic = t.toString();
        if (configs.get(METRICS_CONFIG) instanceof ProcessorMetrics m) {
            metrics = m;
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        ProducerRecord<byte[], byte[]> dlq = deadLetter(record.key(), record.value(), record.headers(),
                DlqReason.DESERIALIZATION_ERROR, exception, context);
        return DeserializationExceptionHandler.Response.resume(List.of(dlq));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        ProducerRecord<byte[], byte[]> dlq = deadLetter(context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), DlqReason.PROCESSING_ERROR, exception, context);
        return ProcessingExceptionHandler.Response.resume(List.of(dlq));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException
                || exception instanceof InvalidRecordException)) {
            LOG.error("Cannot write to {}: {}; stopping rather than dead-lettering a good record",
                    record.topic(), exception.toString());
            return ProductionExceptionHandler.Response.fail();
        }
        return ProductionExceptionHandler.Response.resume(List.of(fromSource(context, record, exception)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
                                                                        ProducerRecord record,
                                                                        Exception exception,
                                                                        SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.resume(List.of(fromSource(context, null,
                exception instanceof SerializationException ? exception : new SerializationException(exception))));
    }

    private ProducerRecord<byte[], byte[]> fromSource(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> out,
                                                      Exception exception) {
        byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : out != null ? out.key() : null;
        byte[] value = context.sourceRawValue() != null ? context.sourceRawValue() : out != null ? out.value() : null;
        return deadLetter(key, value, context.headers(), DlqReason.PRODUCTION_ERROR, exception, context);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] value, Headers source, DlqReason reason,
                                                      Exception exception, ErrorHandlerContext context) {
        Headers headers = source == null ? new RecordHeaders() : new RecordHeaders(source.toArray());
        headers.remove(RawHeaders.DLQ_REASON).remove(RawHeaders.DLQ_DETAIL);
        headers.add(RawHeaders.DLQ_REASON, reason.code().getBytes(StandardCharsets.UTF_8));
        // the exception class only: messages may quote record content
        headers.add(RawHeaders.DLQ_DETAIL, exception.getClass().getName().getBytes(StandardCharsets.UTF_8));
        CloudEventHeaders.setForDeadLetter(headers, "raw-" + context.partition() + "-" + context.offset());
        metrics.deadLettered(reason);
        LOG.warn("Dead-lettered record at {}-{}@{}: {} ({})", context.topic(), context.partition(), context.offset(),
                reason.code(), exception.toString());
        // the source record's timestamp, as the normalize step's own dead letters and every output keep it: the
        // event index finds a record from its event's timestamp (OffsetResolver); none (negative): the producer's
        long ts = context.timestamp();
        return new ProducerRecord<>(topic, null, ts >= 0 ? ts : null, key, value, headers);
    }
}
