package dev.samlec.cli;

import java.time.Duration;
import java.util.Optional;

/**
 * A command's {@code -m/--max-time SECONDS}, as curl's: one bound on all the network work of the command (metadata,
 * SP, IdP, redirects), counted from {@link #start}. Each call then gets what is left.
 */
final class MaxTime {
    static final String DESCRIPTION = "Maximum time in seconds for the whole operation (metadata, service, IdP and "
            + "redirects together), like curl's -m; decimals allowed. Default: no overall limit, but each call is "
            + "still aborted after its own call timeout (IdP 20 s, service 60 s, metadata 60 s).";

    private final Duration total;
    private final long startNanos;

    private MaxTime(Duration total, long startNanos) {
        this.total = total;
        this.startNanos = startNanos;
    }

    /** Starts counting now; empty when the option was not given. */
    static Optional<MaxTime> start(Double seconds) throws UsageException {
        if (seconds == null) {
            return Optional.empty();
        }
        if (!(seconds > 0) || seconds.isInfinite() || seconds > Duration.ofDays(24).toSeconds()) {
            throw new UsageException("option -m/--max-time: must be a positive number of seconds (value: " + seconds
                    + ")");
        }
        return Optional.of(new MaxTime(Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))), System.nanoTime()));
    }

    /** A reading of the monotonic clock, for {@link #excludingSince}. */
    static long now() {
        return System.nanoTime();
    }

    /** The same limit, not counting the time since {@code pausedAt} (such as a password prompt). */
    MaxTime excludingSince(long pausedAt) {
        return new MaxTime(total, startNanos + (System.nanoTime() - pausedAt));
    }

    /** The whole limit. */
    Duration total() {
        return total;
    }

    /** What is left, at least 1 ms (a spent limit then fails the next call at once, with its timeout code). */
    Duration left() {
        Duration left = total.minusNanos(System.nanoTime() - startNanos);
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
    }
}
