package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private final RefreshSchedule schedule = new RefreshSchedule(Duration.ofMinutes(5), Duration.ofHours(4),
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofMinutes(60));

    @Test
    void afterSuccessWhenNeitherLifetimeThenMaximum() {
        assertThat(schedule.afterSuccess(NOW, null, null)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void afterSuccessWhenCacheDurationShorterThenCacheDuration() {
        assertThat(schedule.afterSuccess(NOW, NOW.plus(Duration.ofDays(7)), Duration.ofMinutes(30)))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void afterSuccessWhenValidUntilCloseThenValidUntilMinusMargin() {
        assertThat(schedule.afterSuccess(NOW, NOW.plus(Duration.ofHours(3)), Duration.ofHours(6)))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void afterSuccessWhenBelowMinimumOrAboveMaximumThenClamped() {
        assertThat(schedule.afterSuccess(NOW, NOW.plus(Duration.ofMinutes(20)), null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.afterSuccess(NOW, NOW.minusSeconds(1), null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.afterSuccess(NOW, null, Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.afterSuccess(NOW, null, Duration.ofDays(1))).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void afterFailureWhenRepeatedThenDoublesWithJitterUpToMaximum() {
        Random random = new Random(7);
        long[] upperMinutes = {1, 2, 4, 8, 16, 32, 60, 60, 60};
        for (int i = 0; i < upperMinutes.length; i++) {
            Duration upper = Duration.ofMinutes(upperMinutes[i]);
            for (int k = 0; k < 50; k++) {
                assertThat(schedule.afterFailure(i + 1, random)).isBetween(upper.dividedBy(2), upper);
            }
        }
        assertThat(schedule.afterFailure(Integer.MAX_VALUE, random)).isLessThanOrEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void afterFailureWhenSeveralNodesThenSpread() {
        Random random = new Random(3);
        long distinct = java.util.stream.IntStream.range(0, 20).mapToObj(i -> schedule.afterFailure(3, random))
                .distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void constructorWhenMinimumAboveMaximumThenRefused() {
        assertThatThrownBy(() -> new RefreshSchedule(Duration.ofHours(5), Duration.ofHours(4), Duration.ZERO,
                Duration.ofMinutes(1), Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
