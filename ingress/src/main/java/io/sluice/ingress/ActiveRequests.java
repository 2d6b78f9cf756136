package io.sluice.ingress;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
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
        Release release = new Release();
        request.response().endHandler(release);
        request.response().closeHandler(release);
    }

    /**
     * Counts the request out once, at the end of its response or the loss of its connection, whichever
     * comes first. One object serves both handlers (before: a flag, a lambda and a handler lambda each).
     * Both are called on the request's event loop, so the flag needs no atomic.
     */
    private final class Release implements Handler<Void> {
        private boolean done;

        @Override
        public void handle(Void ignored) {
            if (!done) {
                done = true;
                active.decrementAndGet();
            }
        }
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
