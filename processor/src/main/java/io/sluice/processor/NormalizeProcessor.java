package io.sluice.processor;

import io.sluice.processor.index.IndexOutcome;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Normalizes each new raw record into a single-object encoded {@code WebhookEvent} and forwards it,
 * once per matching route (or to the default topic), to the routes sink, which writes each to its
 * topic ({@link RoutedValue}); records that cannot be normalized go, unchanged and with a
 * {@code sluice.dlq.reason} header, to the dead-letter sink.
 */
public final class NormalizeProcessor implements Processor<byte[], byte[], byte[], Object> {
    private static final Logger LOG = LoggerFactory.getLogger(NormalizeProcessor.class);

    private final EventOutputs outputs;
    private final String routesSink;
    private final String deadLetterSink;
    private final ProcessorMetrics metrics;
    private ProcessorContext<byte[], Object> context;

    /**
     * @param routesSink     the name of the sink node of every route topic (values: {@link RoutedValue})
     * @param deadLetterSink the name of the dead-letter sink node (values: byte[])
     */
    public NormalizeProcessor(EventOutputs outputs, String routesSink, String deadLetterSink, ProcessorMetrics metrics) {
        this.outputs = outputs;
        this.routesSink = routesSink;
        this.deadLetterSink = deadLetterSink;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
    }

    /**
     * Normalizes and forwards; a record the step fails on (an exception: normalization itself returns its
     * refusals as data) is dead-lettered by Streams' processing exception handler ({@link DeadLetterHandler},
     * reason {@code processing_error}). Streams calls that handler at this node and the dedupe step's
     * {@code forward} then returns normally, so the reason is recorded for the event index here, before the
     * exception leaves.
     */
    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            normalizeAndForward(record);
        } catch (RuntimeException e) {
            IndexOutcome.deadLettered(DlqReason.PROCESSING_ERROR.code(), e.getClass().getName());
            throw e;
        }
    }

    private void normalizeAndForward(Record<byte[], byte[]> record) {
        Normalization result = outputs.normalize(record.key(), record.value(), record.headers());
        if (result instanceof Normalization.Rejected rejected) {
            deadLetter(record, rejected.reason(), rejected.detail());
            return;
        }
        Normalization.Normalized ok = (Normalization.Normalized) result;
        if (!ok.knownSource()) {
            metrics.unknownSource();
            LOG.warn("Source '{}' is not configured (removed?): event {} normalized without attributes",
                    ok.event().getSource(), ok.event().getId());
        }
        for (EventOutputs.OutputRecord out : outputs.routed(record.key(), ok, record.headers())) {
            // one Record, not withValue(..).withHeaders(..): each Record copies the headers it is given
            context.forward(new Record<>(record.key(), new RoutedValue(out.topic(), out.value()), record.timestamp(),
                    out.headers()), routesSink);
            metrics.routed(out.topic());
            IndexOutcome.routed(out.topic());
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, DlqReason reason, String detail) {
        Headers headers = EventOutputs.copy(record.headers());
        headers.remove(RawHeaders.DLQ_REASON).remove(RawHeaders.DLQ_DETAIL);
        headers.add(RawHeaders.DLQ_REASON, reason.code().getBytes(StandardCharsets.UTF_8));
        headers.add(RawHeaders.DLQ_DETAIL, detail.getBytes(StandardCharsets.UTF_8));
        CloudEventHeaders.setForDeadLetter(headers, context.recordMetadata()
                .map(m -> "raw-" + m.partition() + "-" + m.offset()).orElse("raw-unknown"));
        context.forward(record.<Object>withValue(record.value()).withHeaders(headers), deadLetterSink);
        metrics.deadLettered(reason);
        IndexOutcome.deadLettered(reason.code(), detail);
        LOG.warn("Dead-lettered record at {}: {} ({})", context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"), reason.code(), detail);
    }
}
