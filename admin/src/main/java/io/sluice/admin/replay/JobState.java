package io.sluice.admin.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A replay job as stored in the jobs topic (one record per job id, compacted): its definition
 * (range, filters, mode, topic, per-partition offsets), its state and its counters. Every update is
 * written in the same Kafka transaction as the outputs it accounts for, so after a crash the
 * stored positions and counters match exactly what was committed.
 *
 * @param from       range start, epoch ms (inclusive)
 * @param to         range end, epoch ms (exclusive)
 * @param matched    raw records in the range that passed the filters
 * @param written    output records written
 * @param duplicates matching records skipped because the job already wrote their event (provider retries)
 * @param rejected   matching records the current rules cannot normalize (not written)
 * @param revision   increases with every stored update (newest wins)
 */
public record JobState(String job, ReplayMode mode, long from, long to, List<String> sources, List<String> types,
                       String topic, JobStatus state, List<PartitionRange> partitions, long matched, long written,
                       long duplicates, long rejected, String error, long createdAt, long updatedAt,
                       long revision) {
    public JobState {
        sources = List.copyOf(sources);
        types = List.copyOf(types);
        partitions = List.copyOf(partitions);
    }

    static JobState start(ReplayRequest r, List<PartitionRange> partitions, Instant now) {
        JobState s = new JobState(r.job(), r.mode(), r.from().toEpochMilli(), r.to().toEpochMilli(), r.sources(),
                r.types(), r.topic(), JobStatus.RUNNING, partitions, 0, 0, 0, 0, null, now.toEpochMilli(),
                now.toEpochMilli(), 1);
        // an empty range is finished the moment it is defined
        return s.partitions.stream().allMatch(PartitionRange::finished) ? s.withState(JobStatus.DONE, null, now) : s;
    }

    /** Raw-topic offsets of the range read so far (matching or not). */
    public long done() {
        return partitions.stream().mapToLong(p -> p.position() - p.start()).sum();
    }

    /** Raw-topic offsets in the range, fixed at start. */
    public long total() {
        return partitions.stream().mapToLong(p -> p.end() - p.start()).sum();
    }

    boolean finished() {
        return partitions.stream().allMatch(PartitionRange::finished);
    }

    JobState withState(JobStatus next, String why, Instant now) {
        return new JobState(job, mode, from, to, sources, types, topic, next, partitions, matched, written, duplicates,
                rejected, why, createdAt, now.toEpochMilli(), revision + 1);
    }

    /** After a batch: new positions and added counts; done when every partition reached its end. */
    JobState advance(Map<Integer, Long> positions, long addMatched, long addWritten, long addDuplicates,
                     long addRejected, Instant now) {
        List<PartitionRange> next = partitions.stream()
                .map(p -> positions.containsKey(p.partition()) ? p.at(positions.get(p.partition())) : p).toList();
        boolean allRead = next.stream().allMatch(PartitionRange::finished);
        JobStatus nextState = allRead && state == JobStatus.RUNNING ? JobStatus.DONE : state;
        return new JobState(job, mode, from, to, sources, types, topic, nextState, next, matched + addMatched,
                written + addWritten, duplicates + addDuplicates, rejected + addRejected, error, createdAt,
                now.toEpochMilli(), revision + 1);
    }
}
