package io.sluice.processor.index;

import java.util.ArrayList;
import java.util.List;

/**
 * What the normalize step did with the record the dedupe step is forwarding: the topics it wrote
 * it to, or why it dead-lettered it. One per stream thread.
 *
 * <p>Why a thread-local: Kafka Streams runs a task's processors depth-first on one thread, so when
 * the dedupe step's {@code forward} returns, the normalize step has forwarded every output of that
 * record on this same thread. The dedupe step {@link #begin()}s before forwarding and reads the
 * outcome afterwards, so the index entry (outputs included) is one store put per event, in the
 * same transaction as the outputs. Outside a {@code begin}/{@link #end} pair (tests that run the
 * normalize step alone, the replay path) the recording calls do nothing.
 */
public final class IndexOutcome {
    private static final ThreadLocal<IndexOutcome> CURRENT = ThreadLocal.withInitial(IndexOutcome::new);

    private final List<String> topics = new ArrayList<>(4);
    private boolean active;
    private String deadLetterReason;
    private String deadLetterDetail;

    private IndexOutcome() {
    }

    /** Starts recording on this thread (clears the last record's outcome). */
    public static IndexOutcome begin() {
        IndexOutcome o = CURRENT.get();
        o.topics.clear();
        o.deadLetterReason = null;
        o.deadLetterDetail = null;
        o.active = true;
        return o;
    }

    /** The normalize step wrote the record to {@code topic}. */
    public static void routed(String topic) {
        IndexOutcome o = CURRENT.get();
        if (o.active) {
            o.topics.add(topic);
        }
    }

    /** The normalize step dead-lettered the record. */
    public static void deadLettered(String reason, String detail) {
        IndexOutcome o = CURRENT.get();
        if (o.active) {
            o.deadLetterReason = reason;
            o.deadLetterDetail = detail;
        }
    }

    /** Stops recording. */
    public void end() {
        active = false;
    }

    /** The topics recorded since {@link #begin()} (a live view: copy before {@link #begin()} again). */
    public List<String> topics() {
        return topics;
    }

    public String deadLetterReason() {
        return deadLetterReason;
    }

    public String deadLetterDetail() {
        return deadLetterDetail;
    }
}
