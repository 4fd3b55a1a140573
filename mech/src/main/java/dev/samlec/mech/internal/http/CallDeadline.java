package dev.samlec.mech.internal.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * A total time limit on an outbound HTTP exchange (one call, or a call and its redirects), enforced rather than
 * observed: when it passes, a watchdog thread cancels the request being executed, and HttpClient 5 then closes
 * that connection's socket at once ({@code CloseMode.IMMEDIATE} on the base socket). Whatever the caller is blocked
 * in (TCP connect, TLS handshake, status line, headers, body) fails immediately with an {@code IOException}, and
 * the caller reports the deadline because {@link #expired()} is true. Connect and read timeouts bound each single
 * wait; only this bounds their sum against a server that sends one byte per second.
 *
 * <p>Checked on HttpClient 5.5 / HttpCore 5.3.4: the request's cancellation reaches the pooled connection from the
 * moment it is leased, before the socket connects, and the connection is bound to its plain socket before
 * {@code connect} and the TLS handshake, so closing it unblocks both; a request cancelled before it is leased or
 * bound is refused as soon as HttpClient reaches it. A cancellation after the lease but before the request is sent
 * fails with HttpClient's {@code IllegalStateException} ("Endpoint not acquired / already released"), so callers
 * treat that, too, as the deadline when {@link #expired()} is true. The host name lookup, which nothing can
 * interrupt, is bounded by {@link DeadlineDnsResolver}: a deadline is registered for its thread while it is armed.
 *
 * <p>Thread-safe. Use with try-with-resources around the call <em>and</em> the reading of its body; {@link #close()}
 * disarms it.
 */
public final class CallDeadline implements AutoCloseable {
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
    private static final ThreadLocal<CallDeadline> ON_THREAD = new ThreadLocal<>();

    private final Duration limit;
    private final long endNanos;
    private final CallDeadline outer;
    private final ScheduledFuture<?> alarm;
    private Cancellable current;
    private boolean expired;
    private boolean closed;

    private CallDeadline(Duration limit) {
        this.limit = limit;
        this.endNanos = System.nanoTime() + limit.toNanos();
        this.outer = ON_THREAD.get();
        this.alarm = WATCHDOG.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
        ON_THREAD.set(this);
    }

    /** The innermost deadline armed on the current thread and not yet closed, or {@code null}. */
    static CallDeadline onThisThread() {
        return ON_THREAD.get();
    }

    /** Nanoseconds left before the deadline (zero or less once it has passed). */
    long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    /** Waits (briefly, past the deadline) until the watchdog has marked this deadline expired. */
    void awaitExpiry() {
        try {
            alarm.get(Math.max(0, remainingNanos()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.CancellationException e) {
            // closed meanwhile, or the watchdog is late: the caller fails either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Arms a deadline {@code limit} from now.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static CallDeadline start(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("a call deadline must be positive, was " + limit);
        }
        return new CallDeadline(limit);
    }

    /** The time allowed. */
    public Duration limit() {
        return limit;
    }

    /**
     * Makes {@code call} (the request about to be executed) the one to cancel at the deadline, instead of the
     * previous one; cancels it at once if the deadline has already passed.
     */
    public void watch(Cancellable call) {
        Objects.requireNonNull(call, "call");
        boolean late;
        synchronized (this) {
            current = call;
            late = expired;
        }
        if (late) {
            call.cancel();
        }
    }

    /** Whether the deadline passed (and the watched request was cancelled) before {@link #close()}. */
    public synchronized boolean expired() {
        return expired;
    }

    private void expire() {
        Cancellable call;
        synchronized (this) {
            if (closed) {
                return;
            }
            expired = true;
            call = current;
        }
        if (call != null) {
            call.cancel();
        }
    }

    /** Disarms the deadline; the request is no longer cancelled. */
    @Override
    public void close() {
        alarm.cancel(false);
        synchronized (this) {
            closed = true;
            current = null;
        }
        if (ON_THREAD.get() == this) {
            if (outer == null) {
                ON_THREAD.remove();
            } else {
                ON_THREAD.set(outer);
            }
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "samlec-call-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
