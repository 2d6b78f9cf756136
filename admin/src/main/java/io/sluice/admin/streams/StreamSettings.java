package io.sluice.admin.streams;

import java.time.Duration;

/**
 * Limits of the event streams (fixed defaults; tests use smaller ones).
 *
 * @param maxStreams        concurrent streams per process; one more gets 503 {@code unavailable}
 * @param heartbeat         a comment is sent after this long without an event (keeps proxies and the
 *                          server's 60 s idle timeout from closing an idle stream)
 * @param slowClient        a client whose write queue stays full this long is cut (with a {@code retry:} hint)
 * @param writeQueueBytes   per-client send buffer bound (Vert.x write queue), the memory bound per client
 *                          together with one poll batch ({@code fetchMaxBytes})
 * @param fetchMaxBytes     the stream consumer's {@code fetch.max.bytes} and {@code max.partition.fetch.bytes}
 * @param idlePoll          pause between polls when nothing came in
 * @param pumpThreads       threads that poll and write for all streams
 */
public record StreamSettings(int maxStreams, Duration heartbeat, Duration slowClient, int writeQueueBytes,
                             int fetchMaxBytes, Duration idlePoll, int pumpThreads) {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    public static final Duration MAX_TTL = Duration.ofHours(24);

    public static StreamSettings defaults() {
        return new StreamSettings(1000, Duration.ofSeconds(15), Duration.ofSeconds(10), 256 * 1024,
                1024 * 1024 + 64 * 1024, Duration.ofMillis(100), 2);
    }

    public StreamSettings withMaxStreams(int n) {
        return new StreamSettings(n, heartbeat, slowClient, writeQueueBytes, fetchMaxBytes, idlePoll, pumpThreads);
    }

    public StreamSettings withHeartbeat(Duration d) {
        return new StreamSettings(maxStreams, d, slowClient, writeQueueBytes, fetchMaxBytes, idlePoll, pumpThreads);
    }

    public StreamSettings withSlowClient(Duration d, int queueBytes) {
        return new StreamSettings(maxStreams, heartbeat, d, queueBytes, fetchMaxBytes, idlePoll, pumpThreads);
    }
}
