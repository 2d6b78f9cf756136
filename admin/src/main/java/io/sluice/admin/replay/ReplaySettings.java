package io.sluice.admin.replay;

import java.time.Duration;

/**
 * Bounds of the replay engine, so that replays never starve the live processor.
 *
 * @param maxConcurrentJobs  jobs running at once per process; a further POST gets 429 {@code too_many_jobs}
 * @param batchSize          raw records per poll and per transaction (at most)
 * @param maxRecordsPerSecond raw records read per second per job (0 = unbounded)
 * @param kafkaTimeout       longest wait for one Kafka call (offsets, topic creation, transaction start)
 */
public record ReplaySettings(int maxConcurrentJobs, int batchSize, int maxRecordsPerSecond, Duration kafkaTimeout) {
    /** 2 jobs, 500 records per transaction, 5 000 records/s per job, 30 s Kafka calls. */
    public static final ReplaySettings DEFAULTS = new ReplaySettings(2, 500, 5_000, Duration.ofSeconds(30));

    public ReplaySettings {
        if (maxConcurrentJobs < 1 || batchSize < 1 || maxRecordsPerSecond < 0 || kafkaTimeout.isNegative()
                || kafkaTimeout.isZero()) {
            throw new IllegalArgumentException("replay settings out of range: " + maxConcurrentJobs + " jobs, batch "
                    + batchSize + ", " + maxRecordsPerSecond + "/s, timeout " + kafkaTimeout);
        }
    }
}
