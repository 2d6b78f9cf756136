package io.sluice.ingress;

import java.time.Duration;

/**
 * Hardening limits of the HTTP server that the config file does not expose (documented in
 * docs/ingress.md). Tests shorten them; production uses {@link #defaults()}.
 *
 * @param idleTimeout         a connection with no bytes in either direction for this long is closed
 * @param headerTimeout       a new connection whose first request head has not fully arrived by then is
 *                            closed (slow-header senders)
 * @param bodyReadTimeout     a request whose body has not fully arrived this long after its headers
 *                            is answered 408 and its connection closed (slow senders)
 * @param maxHeaderBytes      all request headers together
 * @param maxInitialLineBytes the request line
 * @param retryAfter          {@code Retry-After} of every 503
 * @param readinessInterval   how often Kafka is probed for {@code /health/ready}
 * @param readinessTimeout    how long one probe may take
 * @param eventLoops          HTTP server instances (one per event loop) sharing the port
 * @param offloadVerifyBytes  bodies at least this large are verified on a worker thread, so a
 *                            large HMAC never stalls the event loop
 */
public record IngressLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyReadTimeout, int maxHeaderBytes,
                            int maxInitialLineBytes, Duration retryAfter, Duration readinessInterval,
                            Duration readinessTimeout, int eventLoops, int offloadVerifyBytes) {

    public static IngressLimits defaults() {
        return new IngressLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), 16 * 1024, 4096,
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8)), 64 * 1024);
    }

    public IngressLimits withBodyReadTimeout(Duration d) {
        return new IngressLimits(idleTimeout, headerTimeout, d, maxHeaderBytes, maxInitialLineBytes, retryAfter,
                readinessInterval, readinessTimeout, eventLoops, offloadVerifyBytes);
    }

    public IngressLimits withHeaderTimeout(Duration d) {
        return new IngressLimits(idleTimeout, d, bodyReadTimeout, maxHeaderBytes, maxInitialLineBytes, retryAfter,
                readinessInterval, readinessTimeout, eventLoops, offloadVerifyBytes);
    }

    public IngressLimits withReadiness(Duration interval, Duration timeout) {
        return new IngressLimits(idleTimeout, headerTimeout, bodyReadTimeout, maxHeaderBytes, maxInitialLineBytes, retryAfter,
                interval, timeout, eventLoops, offloadVerifyBytes);
    }
}
