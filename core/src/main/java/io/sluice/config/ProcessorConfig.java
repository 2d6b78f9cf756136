package io.sluice.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Kafka Streams processor.
 *
 * @param port             health and metrics port
 * @param dedupeWindow     a key seen again within this window is dropped
 * @param applicationId    Kafka Streams application.id (consumer group, internal topic prefix)
 * @param stateDir         where RocksDB state lives
 * @param standbyReplicas  num.standby.replicas
 * @param threads          num.stream.threads
 * @param commitInterval   commit.interval.ms: the latency of exactly-once output
 */
public record ProcessorConfig(int port, Duration dedupeWindow, String applicationId, Path stateDir,
                              int standbyReplicas, int threads, Duration commitInterval) {
}
