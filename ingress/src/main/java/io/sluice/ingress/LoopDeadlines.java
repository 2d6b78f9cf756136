package io.sluice.ingress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The deadlines of one kind (one fixed timeout) of the requests of one event loop, checked by one
 * periodic sweep instead of a timer per request: the Kafka acknowledgement's and the body read's. A
 * timer per request cost a timer object, a map entry and a task in the loop's priority queue, set and
 * cancelled again for nearly every delivery; here a request is linked into a list when its wait
 * starts and unlinked when it ends, both O(1) and without an allocation of their own.
 *
 * <p>Every waiter of a list has the same timeout and is added in time order, so the list is sorted
 * by deadline: a sweep expires waiters from the head until one is still within its time. A waiter
 * expires between its deadline and one {@linkplain #sweepMillis() sweep interval} later (at most
 * 100 ms).
 *
 * <p>Not thread-safe: one instance per event loop and timeout, used only on that loop.
 */
final class LoopDeadlines {
    private static final Logger LOG = LoggerFactory.getLogger(LoopDeadlines.class);
    /** The coarsest sweep: the timeouts are seconds long, a tenth of a second late is nothing. */
    static final long MAX_SWEEP_MILLIS = 100;

    /** A request waiting (for Kafka, for its body), linked into its loop's list until done or expired. */
    abstract static class Waiter {
        private long deadline;
        private Waiter prev;
        private Waiter next;
        private boolean linked;

        /** Called on the loop once the deadline passed while still linked; the waiter is unlinked already. */
        abstract void expired();
    }

    private final long timeoutNanos;
    private Waiter head;
    private Waiter tail;

    LoopDeadlines(Duration timeout) {
        this.timeoutNanos = Math.max(1, timeout.toNanos());
    }

    /** How often to {@link #sweep(long)}: a tenth of the timeout, between 1 and {@value #MAX_SWEEP_MILLIS} ms. */
    long sweepMillis() {
        return Math.max(1, Math.min(MAX_SWEEP_MILLIS, timeoutNanos / 10_000_000L));
    }

    /** Starts the waiter's timeout now (System.nanoTime()). */
    void add(Waiter w, long nowNanos) {
        w.deadline = nowNanos + timeoutNanos;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        w.linked = true;
    }

    /** Stops the waiter's timeout; nothing when it is not linked (expired, or removed already). */
    void remove(Waiter w) {
        if (!w.linked) {
            return;
        }
        w.linked = false;
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
    }

    /** Expires every waiter whose deadline is at or before {@code nowNanos}, oldest first. */
    void sweep(long nowNanos) {
        while (head != null && nowNanos - head.deadline >= 0) {
            Waiter w = head;
            remove(w);
            try {
                w.expired();
            } catch (RuntimeException e) {
                // one broken answer must not keep the later waiters from theirs
                LOG.error("event=internal_error stage=deadline error={}", e.getClass().getName());
            }
        }
    }

    /** True when no waiter is linked. */
    boolean isEmpty() {
        return head == null;
    }
}
