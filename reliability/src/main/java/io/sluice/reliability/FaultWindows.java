package io.sluice.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * The stretches of a run during which a request may legitimately go unanswered: from the moment the
 * ingress was killed (or the broker stopped) until the service was ready again. A connection error
 * or a client timeout outside all of them means the ingress hung or dropped a request for no reason,
 * which the run must report as a failure rather than ignore.
 */
public final class FaultWindows {
    /** One window, in {@link System#nanoTime()} units. */
    public record Window(String kind, long fromNanos, long toNanos) {
        boolean overlaps(long from, long to) {
            return from <= toNanos && to >= fromNanos;
        }
    }

    private final List<Window> windows = new ArrayList<>();

    public synchronized void add(Window w) {
        windows.add(w);
    }

    public synchronized List<Window> windows() {
        return List.copyOf(windows);
    }

    /** Whether a request sent at {@code from} and finished at {@code to} overlapped any window. */
    public synchronized boolean covers(long from, long to) {
        return windows.stream().anyMatch(w -> w.overlaps(from, to));
    }

    /**
     * Attempts that got no HTTP answer ({@link Ledger#CONNECTION_ERROR}, {@link Ledger#TIMEOUT}) although
     * neither their sending nor their waiting overlapped any window.
     */
    public synchronized List<Ledger.Attempt> unansweredOutside(List<Ledger.Attempt> attempts) {
        List<Ledger.Attempt> out = new ArrayList<>();
        for (Ledger.Attempt a : attempts) {
            if (a.status() != Ledger.CONNECTION_ERROR && a.status() != Ledger.TIMEOUT) {
                continue;
            }
            if (!covers(a.sentNanos(), a.doneNanos())) {
                out.add(a);
            }
        }
        return out;
    }
}
