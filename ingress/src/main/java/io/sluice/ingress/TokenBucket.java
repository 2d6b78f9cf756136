package io.sluice.ingress;

import io.sluice.config.RateLimitConfig;

import java.util.function.LongSupplier;

/**
 * A source's rate limit on one ingress instance: a bucket of at most {@code burst} tokens refilled
 * continuously at {@code perSecond}; each accepted delivery takes one. Thread-safe (the event loops
 * share it); the lock is held for a few arithmetic operations only.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final RateLimitConfig config;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    /** A full bucket. @param nanoTime monotonic clock ({@code System::nanoTime}; tests inject their own) */
    TokenBucket(RateLimitConfig config, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
        this.tokens = config.burst();
        this.last = nanoTime.getAsLong();
    }

    RateLimitConfig config() {
        return config;
    }

    /** Nanoseconds until a token is available (0: one is available now); takes nothing. */
    synchronized long peek() {
        refill();
        return waitFor();
    }

    /** Takes a token: 0 on success, else the nanoseconds until one will be available. */
    synchronized long tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return waitFor();
    }

    /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    private long waitFor() {
        if (tokens >= 1) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / config.perSecond() * NANOS_PER_SECOND));
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(config.burst(), tokens + elapsed / NANOS_PER_SECOND * config.perSecond());
            last = now;
        }
    }
}
