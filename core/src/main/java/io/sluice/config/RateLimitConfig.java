package io.sluice.config;

/**
 * A source's rate limit: a token bucket refilled at {@code perSecond} that holds at most
 * {@code burst} deliveries. Written {@code rate-limit: {rate: 200/s, burst: 400}} ({@code /m} and
 * {@code /h} are accepted too). Applied per ingress instance.
 *
 * @param perSecond sustained deliveries per second (may be fractional: {@code 30/m} is 0.5)
 * @param burst     deliveries accepted at once after an idle period; at least 1
 */
public record RateLimitConfig(double perSecond, int burst) {
    public RateLimitConfig {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
    }

    /** The burst used when none is configured: one second's worth, at least 1. */
    public static int defaultBurst(double perSecond) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(perSecond)));
    }
}
