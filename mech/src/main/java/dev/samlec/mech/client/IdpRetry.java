package dev.samlec.mech.client;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The short, bounded retry of one call to an IdP ({@link IdpClient#send}): at most {@code pauses.size()} more
 * attempts, each after its pause, and only while the call timeout leaves room for the pause and one more attempt
 * of at least {@link #MIN_ATTEMPT}. Only three failures are retried, the ones that are safe to repeat and typical
 * of an IdP restart or a load balancer without a healthy IdP behind it:
 * <ul>
 *   <li>the connection was refused: nothing was sent;</li>
 *   <li>HTTP 503, from the IdP or a proxy in front of it: the service is unavailable and did not judge the
 *   credential;</li>
 *   <li>once per call, a kept-alive connection closed by the IdP before any byte of an answer
 *   ({@link KeptAliveConnectionClosed}): the keep-alive race of a restart or an idle timeout, resent as browsers
 *   and curl do. A server that read the request and then died without a byte of answer, or an on-path attacker
 *   resetting the connection, looks the same: then the IdP judges that password twice (once more, never more), the
 *   price every HTTP client pays for reusing connections.</li>
 * </ul>
 * A refused credential, a TLS failure, a reset of a new connection or one in the middle of an answer, a timeout,
 * HTTP 502 and 504 (a gateway that gave up on an IdP which may have judged the password: a retry could count twice
 * against a lockout) and every other answer are never retried.
 */
final class IdpRetry {
    /** The statuses that say the IdP is briefly unavailable. */
    static final Set<Integer> UNAVAILABLE_STATUSES = Set.of(503);
    /** Time an attempt after a pause must still have, or it is not made. */
    static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);
    /** 250 ms, 500 ms and 1 s: about 1.75 s of pauses over at most four attempts. */
    static final List<Duration> DEFAULT_PAUSES =
            List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
    /** {@link #DEFAULT_PAUSES}, really waiting. */
    static final IdpRetry DEFAULT = new IdpRetry(DEFAULT_PAUSES, d -> Thread.sleep(d.toMillis()));
    /** No retry at all. */
    static final IdpRetry NONE = new IdpRetry(List.of(), d -> { });

    /** Waits; replaced in tests. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final List<Duration> pauses;
    private final Pause pause;

    IdpRetry(List<Duration> pauses, Pause pause) {
        this.pauses = List.copyOf(pauses);
        this.pause = pause;
    }

    /** Whether this failure of the transport left the request unsent (connection refused). */
    static boolean notSent(EcpException e) {
        return causedBy(e, ConnectException.class);
    }

    /** Whether the IdP closed a kept-alive connection before answering ({@link KeptAliveConnectionClosed}). */
    static boolean keptAliveClosed(EcpException e) {
        return causedBy(e, KeptAliveConnectionClosed.class);
    }

    private static boolean causedBy(EcpException e, Class<? extends Throwable> type) {
        if (e.error() != EcpError.IDP_UNREACHABLE) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * After {@code failedAttempts} failed attempts, pauses and returns true if another attempt is allowed and fits
     * in {@code left} (what is left of the call timeout); returns false at once otherwise, and when interrupted.
     */
    boolean pauseBeforeNext(int failedAttempts, Duration left) {
        if (failedAttempts > pauses.size()) {
            return false;
        }
        Duration next = pauses.get(failedAttempts - 1);
        if (left.compareTo(next.plus(MIN_ATTEMPT)) < 0) {
            return false;
        }
        try {
            pause.sleep(next);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
