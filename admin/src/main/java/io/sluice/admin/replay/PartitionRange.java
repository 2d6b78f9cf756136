package io.sluice.admin.replay;

/**
 * One raw-topic partition of a job: the offsets {@code [start, end)} fixed when the job started (so a
 * job is finite) and the next offset to read, committed in the same transaction as the job's outputs.
 */
public record PartitionRange(int partition, long start, long end, long position) {
    PartitionRange at(long newPosition) {
        return new PartitionRange(partition, start, end, Math.min(end, Math.max(position, newPosition)));
    }

    boolean finished() {
        return position >= end;
    }
}
