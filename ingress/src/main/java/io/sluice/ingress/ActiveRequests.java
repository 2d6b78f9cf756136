package io.sluice.ingress;

import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts webhook requests between dispatch and the end (or loss) of their response, so that a
 * graceful shutdown can wait for them: Vert.x's own server shutdown does not wait for an HTTP/1.1
 * request whose answer is still pending.
 */
final class ActiveRequests {
    private final AtomicInteger active = new AtomicInteger();

    void track(HttpServerRequest request) {
        active.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        Runnable release = () -> {
            if (done.compareAndSet(false, true)) {
                active.decrementAndGet();
            }
        };
        request.response().endHandler(v -> release.run());
        request.response().closeHandler(v -> release.run());
    }

    int count() {
        return active.get();
    }

    /** Waits (on the caller's thread, never an event loop) until none is active or the time is up. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return active.get() == 0;
    }
}
