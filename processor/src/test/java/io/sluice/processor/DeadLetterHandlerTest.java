package io.sluice.processor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterHandlerTest {
    final ProcessorMetrics metrics = ProcessorMetrics.inMemory();
    final DeadLetterHandler handler = new DeadLetterHandler();
    final byte[] rawKey = "s:1".getBytes(StandardCharsets.UTF_8);
    final byte[] rawValue = "{\"raw\":true}".getBytes(StandardCharsets.UTF_8);
    final Headers rawHeaders = new RecordHeaders().add(RawHeaders.SOURCE, "s".getBytes(StandardCharsets.UTF_8));

    @BeforeEach
    void configure() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq",
                DeadLetterHandler.METRICS_CONFIG, metrics));
    }

    ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return "raw"; }
            public int partition() { return 0; }
            public long offset() { return 7; }
            public Headers headers() { return rawHeaders; }
            public String processorNodeId() { return "normalize"; }
            public TaskId taskId() { return new TaskId(0, 0); }
            public long timestamp() { return 1L; }
            public byte[] sourceRawKey() { return rawKey; }
            public byte[] sourceRawValue() { return rawValue; }
        };
    }

    static String reason(ProducerRecord<byte[], byte[]> r) {
        return RawHeaders.text(r.headers(), RawHeaders.DLQ_REASON);
    }

    @Test
    void deserializationErrorResumesWithRawRecordOnDeadLetterTopic() {
        var r = handler.handleError(context(), new ConsumerRecord<>("raw", 0, 7, rawKey, rawValue),
                new SerializationException("bad"));
        assertThat(r.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        var dlq = r.deadLetterQueueRecords().get(0);
        assertThat(dlq.topic()).isEqualTo("dlq");
        assertThat(dlq.value()).isEqualTo(rawValue);
        assertThat(reason(dlq)).isEqualTo("deserialization_error");
        assertThat(metrics.count(ProcessorMetrics.DEAD_LETTERED, "reason", "deserialization_error")).isEqualTo(1.0);
    }

    @Test
    void processingErrorResumesWithSourceRecordAndItsHeaders() {
        var r = handler.handleError(context(), new Record<>("k", "v", 1L), new IllegalStateException("boom"));
        assertThat(r.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        var dlq = r.deadLetterQueueRecords().get(0);
        assertThat(dlq.key()).isEqualTo(rawKey);
        assertThat(dlq.value()).isEqualTo(rawValue);
        assertThat(reason(dlq)).isEqualTo("processing_error");
        assertThat(RawHeaders.text(dlq.headers(), RawHeaders.SOURCE)).isEqualTo("s");
        assertThat(RawHeaders.text(dlq.headers(), RawHeaders.DLQ_DETAIL)).isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void deadLetterKeepsTheSourceRecordsTimestamp() {
        // as outputs and the normalize step's own dead letters do: the event index finds it from the event's time
        var r = handler.handleError(context(), new Record<>("k", "v", 1L), new IllegalStateException("boom"));
        assertThat(r.deadLetterQueueRecords().get(0).timestamp()).isEqualTo(1L);
    }

    @Test
    void tooLargeOutputDeadLettersTheSourceRecord() {
        var out = new ProducerRecord<>("route", rawKey, new byte[]{1, 2, 3});
        var r = handler.handleError(context(), out, new RecordTooLargeException("big"));
        assertThat(r.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(r.deadLetterQueueRecords().get(0).value()).isEqualTo(rawValue);
        assertThat(reason(r.deadLetterQueueRecords().get(0))).isEqualTo("production_error");
    }

    @Test
    void brokerTroubleFailsInsteadOfDeadLettering() {
        var out = new ProducerRecord<>("route", rawKey, new byte[]{1});
        var r = handler.handleError(context(), out, new TimeoutException("down"));
        assertThat(r.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(r.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void serializationErrorDeadLetters() {
        var r = handler.handleSerializationError(context(), new ProducerRecord<>("route", "k", "v"),
                new SerializationException("x"), ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
        assertThat(r.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(reason(r.deadLetterQueueRecords().get(0))).isEqualTo("production_error");
    }

    @Test
    void deadLetterRecordCarriesCloudEventHeadersWithRawPositionAsFallbackId() {
        var r = handler.handleError(context(), new Record<>("k", "v", 1L), new IllegalStateException("boom"));
        var dlq = r.deadLetterQueueRecords().get(0);
        assertThat(RawHeaders.text(dlq.headers(), CloudEventHeaders.SPECVERSION)).isEqualTo("1.0");
        assertThat(RawHeaders.text(dlq.headers(), CloudEventHeaders.ID)).isEqualTo("raw-0-7");
        assertThat(RawHeaders.text(dlq.headers(), CloudEventHeaders.SOURCE)).isEqualTo("sluice/s");
        assertThat(RawHeaders.text(dlq.headers(), CloudEventHeaders.TYPE)).isEqualTo(CloudEventHeaders.UNTYPED);
        assertThat(RawHeaders.text(dlq.headers(), "content-type")).isEqualTo("application/octet-stream");
    }
}
