package io.sluice.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The ingress's own meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code sluice.ingress.requests} [{@code sluice_ingress_requests_total}] tags source, outcome</li>
 *   <li>{@code sluice.ingress.verification.failures} [{@code sluice_ingress_verification_failures_total}] tags source, reason</li>
 *   <li>{@code sluice.ingress.handshakes} [{@code sluice_ingress_handshakes_total}] tags source, outcome
 *       ({@code handshake} or {@code handshake_refused}): provider verification challenges answered</li>
 *   <li>{@code sluice.ingress.verifier.errors} [{@code sluice_ingress_verifier_errors_total}] tags source, error
 *       (exception class): verifiers or handshakes that threw, a bug answered as a refusal</li>
 *   <li>{@code sluice.rate.limited} [{@code sluice_rate_limited_total}] tag source: deliveries refused with 429</li>
 *   <li>{@code sluice.ingress.produce} [{@code sluice_ingress_produce_seconds}] send-to-ack histogram of successful writes</li>
 *   <li>{@code sluice.ingress.inflight.writes} [{@code sluice_ingress_inflight_writes}] gauge</li>
 *   <li>{@code sluice.ingress.kafka.ready} [{@code sluice_ingress_kafka_ready}] gauge, 1 while Kafka answers</li>
 * </ul>
 * Requests to an unknown source are counted under source {@value #NO_SOURCE}, so a scan of random
 * URLs cannot grow the number of series.
 */
final class IngressMetrics {
    static final String NO_SOURCE = "-";

    private final MeterRegistry registry;
    private final Timer produce;
    /** outcome -> source -> counter of {@code sluice.ingress.requests}. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.Map<String, Counter>> requests =
            new java.util.concurrent.ConcurrentHashMap<>();

    IngressMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.produce = Timer.builder("sluice.ingress.produce")
                .description("Time from send to Kafka's acknowledgement of raw records")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void bindGauges(IntSupplier inFlight, BooleanSupplier kafkaReady) {
        Gauge.builder("sluice.ingress.inflight.writes", inFlight, s -> s.getAsInt()).strongReference(true)
                .description("Raw writes awaiting Kafka's acknowledgement").register(registry);
        Gauge.builder("sluice.ingress.kafka.ready", kafkaReady, s -> s.getAsBoolean() ? 1 : 0).strongReference(true)
                .description("1 while the readiness probe reaches Kafka").register(registry);
    }

    /**
     * Counted on every request: the counter is looked up in a map by (source, outcome) instead of
     * built and registered each time (an id with sorted tags, a registry lookup, a few objects).
     * Keys are bounded: configured sources (and {@value #NO_SOURCE}) times the outcome codes.
     */
    void request(String source, String outcome) {
        java.util.Map<String, Counter> bySource = requests.get(outcome);
        if (bySource == null) {
            bySource = requests.computeIfAbsent(outcome, o -> new java.util.concurrent.ConcurrentHashMap<>());
        }
        Counter c = bySource.get(source);
        if (c == null) {
            c = bySource.computeIfAbsent(source, s -> Counter.builder("sluice.ingress.requests")
                    .description("Webhook requests by source and outcome")
                    .tag("source", s).tag("outcome", outcome).register(registry));
        }
        c.increment();
    }

    void verificationFailure(String source, String reason) {
        Counter.builder("sluice.ingress.verification.failures").description("Refused deliveries by reason")
                .tag("source", source).tag("reason", reason).register(registry).increment();
    }

    void handshake(String source, String outcome) {
        Counter.builder("sluice.ingress.handshakes").description("Provider verification handshakes answered")
                .tag("source", source).tag("outcome", outcome).register(registry).increment();
    }

    void verifierError(String source, String error) {
        Counter.builder("sluice.ingress.verifier.errors").description("Verifiers that threw instead of answering")
                .tag("source", source).tag("error", error).register(registry).increment();
    }

    void rateLimited(String source) {
        Counter.builder("sluice.rate.limited").description("Deliveries refused by the source's rate limit (429)")
                .tag("source", source).register(registry).increment();
    }

    void produced(long nanos) {
        produce.record(nanos, TimeUnit.NANOSECONDS);
    }
}
