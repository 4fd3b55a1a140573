package dev.samlec.mech.client;

import java.time.Duration;
import java.util.Optional;

/**
 * What is left of an overall time limit on one {@link EcpHttpClient#fetch} (every SP and IdP call and redirect
 * together, like curl's {@code -m}), or no such limit. Each call then gets its own call timeout or what is left,
 * whichever is shorter. Measured with {@link System#nanoTime()}: elapsed time, not the wall clock.
 */
final class FetchBudget {
    static final FetchBudget UNLIMITED = new FetchBudget(null, 0, false);

    private final Duration total;
    private final long endNanos;
    private final boolean overall;

    private FetchBudget(Duration total, long endNanos, boolean overall) {
        this.total = total;
        this.endNanos = endNanos;
        this.overall = overall;
    }

    /** A budget of {@code total} from now, or {@link #UNLIMITED}. */
    static FetchBudget start(Optional<Duration> total) {
        return total.map(t -> new FetchBudget(t, System.nanoTime() + t.toNanos(), true)).orElse(UNLIMITED);
    }

    /**
     * One call's own timeout from now, shared by its attempts ({@link IdpRetry}): not an overall limit, so a call
     * that runs out of it reports its call timeout.
     */
    static FetchBudget call(Duration callTimeout) {
        return new FetchBudget(callTimeout, System.nanoTime() + callTimeout.toNanos(), false);
    }

    /** Whether this is an overall limit on a fetch ({@link #start}) rather than no limit or one call's own. */
    boolean isOverall() {
        return overall;
    }

    /** The overall limit, if any. */
    Optional<Duration> total() {
        return Optional.ofNullable(total);
    }

    /** What is left (zero or negative once spent); {@code callTimeout} when there is no overall limit. */
    Duration limitFor(Duration callTimeout) {
        if (total == null) {
            return callTimeout;
        }
        Duration left = Duration.ofNanos(endNanos - System.nanoTime());
        return left.compareTo(callTimeout) < 0 ? left : callTimeout;
    }

    /** Whether a call given {@code limit} by {@link #limitFor} is bounded by the overall limit, not its own. */
    boolean bounds(Duration limit, Duration callTimeout) {
        return overall && limit.compareTo(callTimeout) < 0;
    }
}
