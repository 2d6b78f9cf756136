package io.sluice.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the load sent and what the ingress answered: every attempt (with send and answer times, for
 * the outage windows) and, per event key, the event and whether any delivery of it got a 200.
 * Thread-safe; the signatures of every delivery are kept for the log scan.
 */
public final class Ledger {
    /** Status used for "no HTTP answer": connection refused or reset. */
    public static final int CONNECTION_ERROR = -1;
    /** Status used for "no answer within the client's timeout". */
    public static final int TIMEOUT = -2;

    /**
     * One HTTP attempt.
     *
     * @param key            the event key
     * @param sentNanos      {@link System#nanoTime()} before sending
     * @param doneNanos      {@link System#nanoTime()} when the answer (or error) came
     * @param status         HTTP status, {@link #CONNECTION_ERROR} or {@link #TIMEOUT}
     * @param retryAfter     whether a {@code Retry-After} header came with it
     * @param redelivery     whether this was a redelivery of an already sent event
     */
    public record Attempt(String key, long sentNanos, long doneNanos, int status, boolean retryAfter, boolean redelivery) {
    }

    private final Map<String, Provider.Event> events = new ConcurrentHashMap<>();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final Set<String> signatures = ConcurrentHashMap.newKeySet();

    public void sent(Provider.Event e, String signature) {
        events.putIfAbsent(e.key(), e);
        signatures.add(signature);
    }

    public void answered(Attempt a) {
        attempts.add(a);
        if (a.status() == 200) {
            accepted.add(a.key());
        }
    }

    /** Keys that got at least one 200: each must be delivered exactly once. */
    public Set<String> acceptedKeys() {
        return Set.copyOf(accepted);
    }

    public Provider.Event event(String key) {
        return events.get(key);
    }

    public Collection<Provider.Event> events() {
        return events.values();
    }

    public List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }

    public Set<String> signatures() {
        return Set.copyOf(signatures);
    }
}
