package io.sluice.bench.harness;

import java.time.Duration;
import java.util.List;

/**
 * Sizes and durations of one benchmark run. Every phase is bounded both in count (pre-built
 * requests, records) and in time, so the run ends by itself.
 *
 * @param quick               the {@code --quick} profile
 * @param bodySizes           HTTP body / record sizes in bytes
 * @param connections         HTTP client connection pool size (open model)
 * @param concurrency         requests in flight in the closed-model saturation probe
 * @param warmup              longest warm-up of each freshly started HTTP server (not counted)
 * @param warmupRound         one closed-model warm-up round; warm-up ends when two rounds agree
 * @param probeWarmup         saturation probe: warm-up, not counted
 * @param probe               saturation probe: measured part
 * @param open                each fixed-rate (open model) run
 * @param sustainRetries      how many times the max-rate run may step down 15 % when it does not keep up
 * @param maxListBytes        cap on the bytes of one list of pre-signed deliveries (client heap)
 * @param kafkaRecords        ProducerPerformance records per size (20 % warm-up)
 * @param processorEvents     input records per processor run
 * @param processorTimeout    longest a processor run may take to drain its input
 * @param jmh                 JMH arguments (short: few forks and iterations)
 * @param budget              safety net, twice the intended length: stages that would start past it are
 *                            skipped (and the report says so)
 */
record Settings(boolean quick, List<Integer> bodySizes, int connections, int concurrency, Duration warmup,
                Duration warmupRound, Duration probeWarmup,
                Duration probe, Duration open, int sustainRetries, long maxListBytes, long kafkaRecords1k,
                long kafkaRecords16k, int processorEvents, Duration processorTimeout, List<String> jmh,
                Duration budget) {

    static Settings defaults() {
        return new Settings(false, List.of(1024, 16 * 1024), 128, 64, Duration.ofSeconds(40), Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofSeconds(6),
                Duration.ofSeconds(10), 2, 1280L * 1024 * 1024, 300_000, 40_000, 200_000, Duration.ofSeconds(150),
                List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "3", "-r", "1s"), Duration.ofMinutes(15));
    }

    static Settings quickProfile() {
        return new Settings(true, List.of(1024, 16 * 1024), 128, 64, Duration.ofSeconds(15), Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), 0, 256L * 1024 * 1024, 50_000, 6_000, 10_000,
                Duration.ofSeconds(60),
                List.of("-f", "1", "-wi", "1", "-w", "500ms", "-i", "2", "-r", "500ms", "-p", "bodyBytes=1024"),
                Duration.ofMinutes(6));
    }

    /** The same profile with other body sizes ({@code --sizes}). */
    Settings withBodySizes(List<Integer> sizes) {
        return new Settings(quick, List.copyOf(sizes), connections, concurrency, warmup, warmupRound, probeWarmup, probe, open,
                sustainRetries, maxListBytes, kafkaRecords1k, kafkaRecords16k, processorEvents, processorTimeout, jmh,
                budget);
    }

    long kafkaRecords(int size) {
        return size <= 1024 ? kafkaRecords1k : kafkaRecords16k;
    }

    /**
     * How many deliveries of {@code size} bytes one list may hold: under {@link #maxListBytes}, and at
     * most {@value #MAX_LIST_COUNT}, because millions of small live objects would make the load
     * client's own garbage collector the bottleneck (measured: it halved the 1 KiB figures).
     */
    int maxCount(int size) {
        return (int) Math.min(MAX_LIST_COUNT, maxListBytes / (size + 512L));
    }

    static final int MAX_LIST_COUNT = 120_000;
}
