package io.sluice.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command alive until Ctrl-C / SIGTERM, then closes its components in reverse
 * start order (ingress first, so it stops accepting and drains before the broker goes away).
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private final Deque<AutoCloseable> components = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Lifecycle() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "sluice-shutdown"));
    }

    /** Registers a started component; closed before those registered earlier. */
    <T extends AutoCloseable> T add(T component) {
        synchronized (components) {
            components.push(component);
        }
        return component;
    }

    /** Blocks until the process is asked to stop and every component is closed. */
    void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    void closeAll() {
        while (true) {
            AutoCloseable c;
            synchronized (components) {
                c = components.poll();
            }
            if (c == null) {
                break;
            }
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("event=shutdown_error component={} error={}", c.getClass().getSimpleName(), e.toString());
            }
        }
        stopped.countDown();
    }
}
