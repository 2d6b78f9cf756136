package io.sluice.ingress;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RawWriterTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());

    private static ProducerRecord<byte[], byte[]> record() {
        return new ProducerRecord<>("t", new byte[]{1}, new byte[]{2});
    }

    @Test
    void futureCompletesOnlyWhenKafkaAcknowledges() throws Exception {
        RawWriter w = new RawWriter(producer, 10, n -> { });
        CompletableFuture<RecordMetadata> f = w.write(record());
        await().until(() -> producer.history().size() == 1);
        assertThat(f).isNotDone();
        assertThat(w.inFlight()).isEqualTo(1);
        producer.completeNext();
        assertThat(f.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(w.inFlight()).isZero();
        w.close(Duration.ofSeconds(1));
    }

    @Test
    void writesBeyondMaxInFlightAreRefusedAtOnce() throws Exception {
        RawWriter w = new RawWriter(producer, 2, n -> { });
        w.write(record());
        w.write(record());
        CompletableFuture<RecordMetadata> third = w.write(record());
        assertThatThrownBy(() -> third.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RawWriter.Saturated.class);
        await().until(() -> producer.history().size() == 2);
        producer.completeNext();
        await().until(() -> w.inFlight() == 1);
        assertThat(w.write(record())).isNotCompletedExceptionally();
        w.close(Duration.ofSeconds(1));
    }

    @Test
    void kafkaErrorFailsTheFutureAndFreesTheSlot() {
        RawWriter w = new RawWriter(producer, 1, n -> { });
        CompletableFuture<RecordMetadata> f = w.write(record());
        await().until(() -> producer.history().size() == 1);
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("no ack"));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        assertThat(w.inFlight()).isZero();
        w.close(Duration.ofSeconds(1));
    }

    /** A mock that tells which thread called send(). */
    private static final class ThreadRecordingProducer extends MockProducer<byte[], byte[]> {
        final java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        ThreadRecordingProducer() {
            super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                                                                           org.apache.kafka.clients.producer.Callback cb) {
            threads.add(Thread.currentThread().getName());
            return super.send(record, cb);
        }
    }

    /** The first write of a fresh writer, sent (by its sender thread) and acknowledged by Kafka. */
    private static void acknowledgeOneWrite(ThreadRecordingProducer p, RawWriter w) throws Exception {
        CompletableFuture<RecordMetadata> first = w.write(record());
        await().until(() -> p.threads.size() == 1);
        p.completeNext();
        first.get(5, TimeUnit.SECONDS);
    }

    @Test
    void untilKafkaHasAcknowledgedOnceWritesGoThroughTheSenderThread() {
        ThreadRecordingProducer p = new ThreadRecordingProducer();
        RawWriter w = new RawWriter(p, 10, n -> { });
        w.write(record());
        w.write(record());
        await().until(() -> p.threads.size() == 2);
        assertThat(p.threads).containsOnly("sluice-ingress-send");
        w.close(Duration.ofSeconds(1));
    }

    @Test
    void afterAnAcknowledgementWritesAreSentOnTheCallersThread() throws Exception {
        ThreadRecordingProducer p = new ThreadRecordingProducer();
        RawWriter w = new RawWriter(p, 10, n -> { });
        acknowledgeOneWrite(p, w);
        CompletableFuture<RecordMetadata> second = w.write(record());
        assertThat(p.threads).hasSize(2); // sent before write() returned
        assertThat(p.threads.get(1)).isEqualTo(Thread.currentThread().getName());
        assertThat(second).isNotDone(); // still only on Kafka's acknowledgement
        p.completeNext();
        assertThat(second.get(5, TimeUnit.SECONDS)).isNotNull();
        w.close(Duration.ofSeconds(1));
    }

    @Test
    void afterAKafkaErrorWritesGoBackToTheSenderThread() throws Exception {
        ThreadRecordingProducer p = new ThreadRecordingProducer();
        RawWriter w = new RawWriter(p, 10, n -> { });
        acknowledgeOneWrite(p, w);
        CompletableFuture<RecordMetadata> second = w.write(record());
        p.errorNext(new org.apache.kafka.common.errors.TimeoutException("no ack"));
        assertThat(second).isCompletedExceptionally();
        w.write(record());
        await().until(() -> p.threads.size() == 3);
        assertThat(p.threads.get(2)).isEqualTo("sluice-ingress-send");
        w.close(Duration.ofSeconds(1));
    }

    @Test
    void writesThatCouldFillTheProducersBufferGoThroughTheSenderThread() throws Exception {
        ThreadRecordingProducer p = new ThreadRecordingProducer();
        // room for two records of one batch each
        RawWriter w = new RawWriter(p, 10, n -> { }, 2 * 1024, 1024);
        acknowledgeOneWrite(p, w);
        w.write(record());
        w.write(record());
        w.write(record()); // a third unacknowledged batch would exceed buffer.memory
        await().until(() -> p.threads.size() == 4);
        String me = Thread.currentThread().getName();
        assertThat(p.threads.subList(1, 3)).containsOnly(me);
        assertThat(p.threads.get(3)).isEqualTo("sluice-ingress-send");
        w.close(Duration.ofSeconds(1));
    }

    @Test
    void writesAfterCloseAreRefused() {
        RawWriter w = new RawWriter(producer, 1, n -> { });
        w.close(Duration.ofSeconds(1));
        assertThat(w.write(record())).isCompletedExceptionally();
        assertThat(producer.closed()).isTrue();
    }
}
