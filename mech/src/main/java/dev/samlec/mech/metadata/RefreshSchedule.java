package dev.samlec.mech.metadata;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * When to look for a newer copy of a metadata document. After a good load (or a "not modified"):
 * {@code min(cacheDuration, validUntil - margin)}, clamped to {@code [minInterval, maxInterval]} (the maximum when the
 * document says neither). After {@code n} failures in a row: {@code initialBackoff * 2^(n-1)}, at most
 * {@code maxBackoff}, with jitter (a random point in the upper half of that delay, so that many nodes that failed
 * together do not retry together). Immutable.
 */
final class RefreshSchedule {
    private final Duration minInterval;
    private final Duration maxInterval;
    private final Duration margin;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    RefreshSchedule(Duration minInterval, Duration maxInterval, Duration margin, Duration initialBackoff,
            Duration maxBackoff) {
        if (minInterval.compareTo(maxInterval) > 0) {
            throw new IllegalArgumentException("the minimum refresh interval " + minInterval
                    + " is longer than the maximum " + maxInterval);
        }
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("the first back-off " + initialBackoff + " is longer than the maximum "
                    + maxBackoff);
        }
        this.minInterval = minInterval;
        this.maxInterval = maxInterval;
        this.margin = margin;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** The delay after a good load at {@code now} of a document with these (nullable) lifetimes. */
    Duration afterSuccess(Instant now, Instant validUntil, Duration cacheDuration) {
        Duration delay = maxInterval;
        if (cacheDuration != null && cacheDuration.compareTo(delay) < 0) {
            delay = cacheDuration;
        }
        if (validUntil != null) {
            Duration beforeExpiry = Duration.between(now, validUntil).minus(margin);
            if (beforeExpiry.compareTo(delay) < 0) {
                delay = beforeExpiry;
            }
        }
        return delay.compareTo(minInterval) < 0 ? minInterval : delay;
    }

    /** The delay after the {@code failures}-th failure in a row (1 for the first). */
    Duration afterFailure(int failures, Random random) {
        Duration delay = initialBackoff;
        for (int i = 1; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(maxBackoff) > 0) {
            delay = maxBackoff;
        }
        long half = delay.toMillis() / 2;
        return Duration.ofMillis(delay.toMillis() - half + (half == 0 ? 0 : (long) (random.nextDouble() * half)));
    }
}
