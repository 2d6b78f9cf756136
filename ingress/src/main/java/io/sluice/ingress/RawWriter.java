package io.sluice.ingress;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Writes raw records with a bounded number of writes awaiting Kafka's acknowledgement.
 *
 * <p>{@code KafkaProducer.send()} can block for up to {@code max.block.ms} (metadata, full buffer)
 * when Kafka is away, so it is never called on an event loop: every send runs on one dedicated
 * thread, and the caller gets a future that Kafka's callback completes. A slot is taken before the
 * send and given back only when Kafka answers (or the send fails), so {@code max-in-flight} bounds
 * the memory held by bodies waiting for Kafka even after their HTTP answer has timed out.
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

    private final Producer<byte[], byte[]> producer;
    private final int maxInFlight;
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
        this.producer = producer;
        this.maxInFlight = maxInFlight;
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
     * It is completed on a Kafka or sender thread: callers hop back to their own thread.
     */
    CompletableFuture<RecordMetadata> write(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new Saturated("closing"));
            return result;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            result.completeExceptionally(new Saturated("too many writes in flight"));
            return result;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        try {
            sender.execute(() -> {
                long start = System.nanoTime();
                try {
                    producer.send(record, (metadata, error) -> {
                        release.run();
                        if (error == null) {
                            produceLatencyNanos.accept(System.nanoTime() - start);
                            result.complete(metadata);
                        } else {
                            result.completeExceptionally(error);
                        }
                    });
                } catch (RuntimeException e) {
                    // send() throws for errors found before the record is queued (closed producer, ...)
                    release.run();
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            release.run();
            result.completeExceptionally(new Saturated("closing"));
        }
        return result;
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
