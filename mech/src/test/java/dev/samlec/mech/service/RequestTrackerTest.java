package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.samlec.mech.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bounded, expiring, single-use tracker of issued AuthnRequest IDs. */
class RequestTrackerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRequestTracker tracker = new InMemoryRequestTracker(clock, Duration.ofMinutes(5), 3);

    @Test
    void consumeWhenTrackedThenTrueOnceOnly() {
        assertThat(tracker.track("_a")).isEqualTo(T0.plus(Duration.ofMinutes(5)));

        assertThat(tracker.consume("_a")).isTrue();
        assertThat(tracker.consume("_a")).isFalse();
    }

    @Test
    void consumeWhenUnknownOrNullThenFalse() {
        assertThat(tracker.consume("_unknown")).isFalse();
        assertThat(tracker.consume(null)).isFalse();
    }

    @Test
    void consumeWhenLifetimeOverThenFalse() {
        tracker.track("_a");
        clock.advance(Duration.ofMinutes(5));

        assertThat(tracker.consume("_a")).isFalse();
    }

    @Test
    void consumeWhenJustBeforeExpiryThenTrue() {
        tracker.track("_a");
        clock.advance(Duration.ofMinutes(5).minusMillis(1));

        assertThat(tracker.consume("_a")).isTrue();
    }

    @Test
    void trackWhenFullThenOldestForgotten() {
        tracker.track("_1");
        tracker.track("_2");
        tracker.track("_3");
        tracker.track("_4");

        assertThat(tracker.outstanding()).isEqualTo(3);
        assertThat(tracker.consume("_1")).isFalse();
        assertThat(tracker.consume("_4")).isTrue();
    }

    @Test
    void trackWhenFullButExpiredEntriesThenExpiredDroppedFirst() {
        tracker.track("_1");
        clock.advance(Duration.ofMinutes(4));
        tracker.track("_2");
        tracker.track("_3");
        clock.advance(Duration.ofMinutes(1));
        tracker.track("_4");

        assertThat(tracker.consume("_2")).isTrue();
        assertThat(tracker.consume("_3")).isTrue();
        assertThat(tracker.consume("_4")).isTrue();
    }

    @Test
    void trackWhenDuplicateIdThenRejected() {
        tracker.track("_a");

        assertThatIllegalArgumentException().isThrownBy(() -> tracker.track("_a"));
    }
}
