package io.sluice.ingress;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * Writes raw records with a bounded number of writes awaiting Kafka's acknowledgement.
 *
 * <p>{@code KafkaProducer.send()} only appends to the producer's buffer, except in two cases where it
 * blocks for up to {@code max.block.ms}: the topic's metadata is not known yet (first send, Kafka
 * away at start-up, metadata idle for {@code metadata.max.idle.ms}), or the buffer is full. So a
 * write is sent <em>inline</em> (on the caller's thread, the event loop: no thread hop, which cost
 * more CPU and latency than verifying the delivery) only when neither can happen: Kafka acknowledged a
 * write within the last {@link #WARM_NANOS} and no write has failed since (the metadata is
 * cached), and the bytes this writer has in the buffer, counted pessimistically as at least one batch
 * per record, stay within {@code buffer.memory}. Otherwise the write goes through one dedicated
 * sender thread, as every write did before, so an event loop never waits for Kafka.
 *
 * <p>A slot is taken before the send and given back only when Kafka answers (or the send fails), so
 * {@code max-in-flight} bounds the memory held by bodies waiting for Kafka even after their HTTP
 * answer has timed out.
 */
final class RawWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawWriter.class);

    /** The writer is full or closed: answer 503 without trying. */
    static final class Saturated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Saturated(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * How recent an acknowledgement must be for an inline send: far below the producer's
     * {@code metadata.max.idle.ms} (5 min), after which it forgets the topic and send() blocks again.
     */
    static final long WARM_NANOS = 30_000_000_000L;
    /** Kafka's defaults of {@code buffer.memory} and {@code batch.size}. */
    static final long DEFAULT_BUFFER_BYTES = 32L * 1024 * 1024;
    static final int DEFAULT_BATCH_BYTES = 16 * 1024;
    /** Per-record overhead beyond key, value and headers (record and batch headers), rounded up. */
    private static final int RECORD_OVERHEAD = 256;

    private final Producer<byte[], byte[]> producer;
    private final int maxInFlight;
    private final long bufferBytes;
    private final int batchBytes;
    private final AtomicLong bufferedBytes = new AtomicLong();
    /** System.nanoTime() of the last acknowledgement, or 0 when none since start or the last failure. */
    private volatile long warmSince;
    private volatile boolean hasAck;
    private final LongConsumer produceLatencyNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService sender;
    private volatile boolean closed;

    /**
     * @param producer            owned: closed by {@link #close(Duration)}
     * @param maxInFlight         writes awaiting acknowledgement beyond which writes are refused
     * @param produceLatencyNanos told the send-to-ack time of every successful write
     */
    RawWriter(Producer<byte[], byte[]> producer, int maxInFlight, LongConsumer produceLatencyNanos) {
        this(producer, maxInFlight, produceLatencyNanos, DEFAULT_BUFFER_BYTES, DEFAULT_BATCH_BYTES);
    }

    /**
     * @param bufferBytes the producer's {@code buffer.memory}
     * @param batchBytes  the producer's {@code batch.size}
     */
    RawWriter(Producer<byte[], byte[]> producer, int maxInFlight, LongConsumer produceLatencyNanos, long bufferBytes,
              int batchBytes) {
        this.producer = producer;
        this.maxInFlight = maxInFlight;
        this.bufferBytes = bufferBytes;
        this.batchBytes = batchBytes;
        this.produceLatencyNanos = produceLatencyNanos;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-ingress-send");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes awaiting Kafka's acknowledgement (or still queued for send). */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Sends the record. The future completes with Kafka's metadata once acknowledged, or fails with
     * {@link Saturated} at once when {@code max-in-flight} writes are pending, or with Kafka's error.
     * It is completed on a Kafka thread, or on the caller's or the sender thread when send() throws:
     * callers hop back to their own thread.
     */
    CompletableFuture<RecordMetadata> write(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        write(record, (metadata, error) -> {
            if (error == null) {
                result.complete(metadata);
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /**
     * As {@link #write(ProducerRecord)}, with the outcome given to {@code done} (exactly once, with the
     * metadata or the error) instead of a future: the ingress's path per request, one object per write
     * (before: a future, a flag and three lambdas).
     */
    void write(ProducerRecord<byte[], byte[]> record, BiConsumer<RecordMetadata, Throwable> done) {
        if (closed) {
            done.accept(null, new Saturated("closing"));
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            done.accept(null, new Saturated("too many writes in flight"));
            return;
        }
        Send send = new Send(record, cost(record), done);
        bufferedBytes.addAndGet(send.cost);
        if (inline()) {
            send.run();
            return;
        }
        try {
            sender.execute(send);
        } catch (RejectedExecutionException e) {
            send.release();
            done.accept(null, new Saturated("closing"));
        }
    }

    /** True when send() cannot block now (see the class comment). */
    private boolean inline() {
        return hasAck && System.nanoTime() - warmSince < WARM_NANOS && bufferedBytes.get() <= bufferBytes;
    }

    /**
     * One write: the task run inline or on the sender thread, and the producer's callback. Its slot and
     * buffer share are given back once, whichever of the callback and a throwing send() comes first.
     */
    private final class Send implements Runnable, Callback {
        private final ProducerRecord<byte[], byte[]> record;
        private final long cost;
        private final BiConsumer<RecordMetadata, Throwable> done;
        /** 1 once released; through {@link #RELEASED}. */
        volatile int released;
        private long start;

        Send(ProducerRecord<byte[], byte[]> record, long cost, BiConsumer<RecordMetadata, Throwable> done) {
            this.record = record;
            this.cost = cost;
            this.done = done;
        }

        void release() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                bufferedBytes.addAndGet(-cost);
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void run() {
            start = System.nanoTime();
            try {
                producer.send(record, this);
            } catch (RuntimeException e) {
                // send() throws for errors found before the record is queued (closed producer, ...)
                hasAck = false;
                release();
                done.accept(null, e);
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            release();
            if (error == null) {
                long now = System.nanoTime();
                warmSince = now;
                hasAck = true;
                produceLatencyNanos.accept(now - start);
                done.accept(metadata, null);
            } else {
                hasAck = false; // Kafka trouble: back to the sender thread until it acknowledges again
                done.accept(null, error);
            }
        }
    }

    private static final AtomicIntegerFieldUpdater<Send> RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(Send.class, "released");

    /** The buffer this record may take, pessimistically: a batch of its own (at least batch.size). */
    private long cost(ProducerRecord<byte[], byte[]> record) {
        long bytes = RECORD_OVERHEAD + (record.key() == null ? 0 : record.key().length)
                + (record.value() == null ? 0 : record.value().length);
        for (org.apache.kafka.common.header.Header h : record.headers()) {
            bytes += h.key().length() + (h.value() == null ? 0 : h.value().length) + 8;
        }
        return Math.max(batchBytes, bytes);
    }

    /**
     * Stops taking writes, lets queued sends reach the producer, then flushes and closes it, all
     * within {@code timeout}.
     */
    void close(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        sender.shutdown();
        try {
            if (!sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
        long left = Math.max(0, deadline - System.nanoTime());
        try {
            producer.close(Duration.ofNanos(left));
        } catch (RuntimeException e) {
            LOG.warn("event=producer_close_failed error={}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
