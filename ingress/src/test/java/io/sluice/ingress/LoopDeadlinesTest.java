package io.sluice.ingress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-event-loop ack deadlines: expiry in order, once, and never after removal. */
class LoopDeadlinesTest {
    private static final long MS = 1_000_000L;

    private final List<String> expired = new ArrayList<>();

    private final class Named extends LoopDeadlines.Waiter {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        void expired() {
            expired.add(name);
        }
    }

    @Test
    void sweepExpiresOnlyWaitersPastTheirDeadlineOldestFirst() {
        LoopDeadlines d = new LoopDeadlines(Duration.ofSeconds(1));
        d.add(new Named("a"), 0);
        d.add(new Named("b"), 10 * MS);
        d.add(new Named("c"), 500 * MS);
        d.sweep(999 * MS);
        assertThat(expired).isEmpty();
        d.sweep(1010 * MS);
        assertThat(expired).containsExactly("a", "b");
        d.sweep(2000 * MS);
        assertThat(expired).containsExactly("a", "b", "c");
        assertThat(d.isEmpty()).isTrue();
    }

    @Test
    void removedWaitersNeverExpireWhereverTheyAreInTheList() {
        LoopDeadlines d = new LoopDeadlines(Duration.ofSeconds(1));
        Named a = new Named("a");
        Named b = new Named("b");
        Named c = new Named("c");
        Named e = new Named("e");
        d.add(a, 0);
        d.add(b, 1);
        d.add(c, 2);
        d.add(e, 3);
        d.remove(b); // middle
        d.remove(a); // head
        d.remove(e); // tail
        d.remove(e); // twice: nothing
        d.sweep(5000 * MS);
        assertThat(expired).containsExactly("c");
        d.remove(c); // after expiry: nothing
        assertThat(d.isEmpty()).isTrue();
    }

    @Test
    void aWaiterExpiresOnceAndCanBeAddedAgain() {
        LoopDeadlines d = new LoopDeadlines(Duration.ofMillis(100));
        Named a = new Named("a");
        d.add(a, 0);
        d.sweep(100 * MS);
        d.sweep(200 * MS);
        assertThat(expired).containsExactly("a");
        d.add(a, 300 * MS);
        d.sweep(350 * MS);
        d.sweep(400 * MS);
        assertThat(expired).containsExactly("a", "a");
    }

    @Test
    void aThrowingWaiterDoesNotKeepTheNextFromExpiring() {
        LoopDeadlines d = new LoopDeadlines(Duration.ofSeconds(1));
        d.add(new LoopDeadlines.Waiter() {
            @Override
            void expired() {
                throw new IllegalStateException("broken");
            }
        }, 0);
        d.add(new Named("b"), 0);
        d.sweep(1000 * MS);
        assertThat(expired).containsExactly("b");
        assertThat(d.isEmpty()).isTrue();
    }

    @Test
    void theSweepIsATenthOfTheTimeoutBetweenOneAndAHundredMillis() {
        assertThat(new LoopDeadlines(Duration.ofSeconds(10)).sweepMillis()).isEqualTo(100);
        assertThat(new LoopDeadlines(Duration.ofMillis(500)).sweepMillis()).isEqualTo(50);
        assertThat(new LoopDeadlines(Duration.ofMillis(5)).sweepMillis()).isEqualTo(1);
    }
}
