package io.sluice.admin.replay;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobStateTest {
    static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    private static JobState job(PartitionRange... ranges) {
        return JobState.start(new ReplayRequest("j", T.minusSeconds(60), T, List.of(), List.of(),
                ReplayMode.REDELIVER, null), List.of(ranges), T);
    }

    @Test
    void totalAndDoneCountRawOffsetsOfTheRange() {
        JobState s = job(new PartitionRange(0, 10, 20, 10), new PartitionRange(1, 0, 5, 0));
        assertThat(s.total()).isEqualTo(15);
        assertThat(s.done()).isZero();
        assertThat(s.state()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void emptyRangeIsDoneAtOnce() {
        JobState s = job(new PartitionRange(0, 7, 7, 7));
        assertThat(s.state()).isEqualTo(JobStatus.DONE);
        assertThat(s.total()).isZero();
    }

    @Test
    void advanceAddsCountsAndClampsPositionsToTheEnd() {
        JobState s = job(new PartitionRange(0, 10, 20, 10), new PartitionRange(1, 0, 5, 0));
        JobState next = s.advance(Map.of(0, 15L, 1, 99L), 4, 6, 1, 1, T);
        assertThat(next.done()).isEqualTo(10);
        assertThat(next.matched()).isEqualTo(4);
        assertThat(next.written()).isEqualTo(6);
        assertThat(next.revision()).isEqualTo(s.revision() + 1);
        assertThat(next.state()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void advanceToEveryEndIsDone() {
        JobState s = job(new PartitionRange(0, 10, 20, 10));
        assertThat(s.advance(Map.of(0, 20L), 0, 0, 0, 0, T).state()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void positionsNeverGoBack() {
        JobState s = job(new PartitionRange(0, 10, 20, 10)).advance(Map.of(0, 15L), 0, 0, 0, 0, T);
        assertThat(s.advance(Map.of(0, 12L), 0, 0, 0, 0, T).done()).isEqualTo(5);
    }

    @Test
    void storedJsonRoundTrips() throws Exception {
        JobState s = job(new PartitionRange(0, 10, 20, 12));
        byte[] json = JobStore.JSON.writeValueAsBytes(s);
        assertThat(new String(json)).contains("\"state\":\"running\"", "\"mode\":\"redeliver\"", "\"created_at\"");
        assertThat(JobStore.JSON.readValue(json, JobState.class)).isEqualTo(s);
    }
}
