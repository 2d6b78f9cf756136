package io.sluice.bench.harness;

import java.time.Duration;
import java.util.List;

/**
 * Sizes and durations of one benchmark run. Every phase is bounded both in count (pre-built
 * requests, records) and in time, so the run ends by itself.
 *
 * @param quick               the {@code --quick} profile
 * @param bodySizes           HTTP body / record sizes in bytes
 * @param http                the HTTP stages' load shape (wrk)
 * @param kafkaRecords1k      records per Kafka-ceiling run, 1 KiB records (larger ones: fewer)
 * @param kafkaRecords16k     records per Kafka-ceiling run, 16 KiB records
 * @param processorEvents     input records per processor run after the warm-up part (the clock starts among them: ProcessorStage.awaitQuietJit)
 * @param processorWarmup     records each processor run processes first, untimed (JIT warm-up)
 * @param processorTimeout    longest a processor run may take to drain its input
 * @param jmh                 JMH arguments (short: few forks and iterations)
 * @param budget              safety net: stages that would start past it are skipped (and the report says so)
 */
record Settings(boolean quick, List<Integer> bodySizes, Http http, long kafkaRecords1k,
                long kafkaRecords16k, int processorEvents, int processorWarmup, Duration processorTimeout, List<String> jmh,
                Duration budget) {

    /**
     * The HTTP load (see docs/benchmarks.md).
     *
     * @param threads      wrk threads
     * @param concurrency  connections of the closed-model runs (warm-up, probe)
     * @param connections  connections of the open-model runs (enough that a free one is there at each slot)
     * @param warmup       longest warm-up of a freshly started server (closed rounds until two agree)
     * @param warmupRound  one warm-up round
     * @param probe        the closed-model probe that bounds the bisection
     * @param steps        bisection steps (open-model runs of {@code step} each)
     * @param step         one bisection run
     * @param repeats      runs at the max rate found (medians and spread of these)
     * @param repeat       one of those runs, and the half-max run
     * @param stepDown     fraction the rate steps down by when fewer than a majority of the repeats pass
     * @param stepDowns    at most this many step-downs (then the max is reported as not confirmed)
     * @param calibrationDepth requests per write of the client-cost calibration on the bare server
     * @param p99LimitMs   the max's latency limit (p99 below it)
     * @param okShare      the max's share of requests answered 2xx
     * @param poolBytes    cap on the bytes of pre-signed requests per body size (a file wrk reads)
     */
    record Http(int threads, int concurrency, int connections, Duration warmup, Duration warmupRound, Duration probe,
                int steps, Duration step, int repeats, Duration repeat, double stepDown, int stepDowns,
                int calibrationDepth, double p99LimitMs, double okShare, long poolBytes) {
    }

    static Settings defaults() {
        return new Settings(false, List.of(1024),
                new Http(2, 64, 64, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        5, Duration.ofSeconds(5), 3, Duration.ofSeconds(20), 0.10, 3, 16, 50, 0.999, 768L * 1024 * 1024),
                300_000, 40_000, 1_300_000, 300_000, Duration.ofSeconds(150),
                List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "3", "-r", "1s"), Duration.ofMinutes(35));
    }

    static Settings quickProfile() {
        return new Settings(true, List.of(1024),
                new Http(2, 64, 64, Duration.ofSeconds(12), Duration.ofSeconds(3), Duration.ofSeconds(3),
                        3, Duration.ofSeconds(3), 3, Duration.ofSeconds(5), 0.10, 3, 16, 50, 0.999, 192L * 1024 * 1024),
                50_000, 6_000, 150_000, 60_000, Duration.ofSeconds(90),
                List.of("-f", "1", "-wi", "1", "-w", "500ms", "-i", "2", "-r", "500ms", "-p", "bodyBytes=1024"),
                Duration.ofMinutes(12));
    }

    /** The same profile with other body sizes ({@code --sizes}). */
    Settings withBodySizes(List<Integer> sizes) {
        return new Settings(quick, List.copyOf(sizes), http, kafkaRecords1k, kafkaRecords16k, processorEvents,
                processorWarmup, processorTimeout, jmh, budget);
    }

    long kafkaRecords(int size) {
        return size <= 1024 ? kafkaRecords1k : kafkaRecords16k;
    }
}
