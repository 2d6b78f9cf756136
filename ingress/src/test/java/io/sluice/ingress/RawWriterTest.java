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

    @Test
    void writesAfterCloseAreRefused() {
        RawWriter w = new RawWriter(producer, 1, n -> { });
        w.close(Duration.ofSeconds(1));
        assertThat(w.write(record())).isCompletedExceptionally();
        assertThat(producer.closed()).isTrue();
    }
}
