package io.sluice.ingress;

import io.sluice.config.RateLimitConfig;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    private TokenBucket bucket(double perSecond, int burst) {
        return new TokenBucket(new RateLimitConfig(perSecond, burst), now::get);
    }

    @Test
    void fullBucketAcceptsExactlyBurstAtOnce() {
        TokenBucket b = bucket(10, 3);
        assertThat(b.tryAcquire()).isZero();
        assertThat(b.tryAcquire()).isZero();
        assertThat(b.tryAcquire()).isZero();
        assertThat(b.tryAcquire()).isPositive();
    }

    @Test
    void emptyBucketSaysHowLongUntilTheNextToken() {
        TokenBucket b = bucket(2, 1);
        b.tryAcquire();
        assertThat(b.tryAcquire()).isEqualTo(SECOND / 2);
        now.addAndGet(SECOND / 4);
        assertThat(b.peek()).isEqualTo(SECOND / 4);
    }

    @Test
    void tokensRefillAtTheRate() {
        TokenBucket b = bucket(2, 1);
        b.tryAcquire();
        now.addAndGet(SECOND / 2);
        assertThat(b.tryAcquire()).isZero();
        assertThat(b.tryAcquire()).isPositive();
    }

    @Test
    void refillNeverExceedsBurst() {
        TokenBucket b = bucket(100, 2);
        now.addAndGet(3600 * SECOND);
        assertThat(b.tryAcquire()).isZero();
        assertThat(b.tryAcquire()).isZero();
        assertThat(b.tryAcquire()).isPositive();
    }

    @Test
    void peekTakesNothing() {
        TokenBucket b = bucket(1, 1);
        assertThat(b.peek()).isZero();
        assertThat(b.peek()).isZero();
        assertThat(b.tryAcquire()).isZero();
        assertThat(b.peek()).isPositive();
    }

    @Test
    void fractionalRatePerMinuteWaitsTheRightTime() {
        TokenBucket b = bucket(30 / 60.0, 1); // 30/m
        b.tryAcquire();
        assertThat(b.tryAcquire()).isEqualTo(2 * SECOND);
    }

    @Test
    void clockGoingBackwardsAddsNoTokens() {
        TokenBucket b = bucket(1, 1);
        b.tryAcquire();
        now.addAndGet(-10 * SECOND);
        assertThat(b.tryAcquire()).isPositive();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(TokenBucket.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterSeconds(SECOND)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterSeconds(SECOND + 1)).isEqualTo(2);
        assertThat(TokenBucket.retryAfterSeconds(0)).isEqualTo(1);
    }
}
