package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * At most one MDQ fetch per entity at a time: the first lookup of an entity {@link #claim}s it and fetches, the others
 * {@link #await} its outcome within their own call deadline. Thread-safe.
 */
final class MdqInFlight {
    private final ConcurrentHashMap<String, CompletableFuture<MdqEntry>> running = new ConcurrentHashMap<>();

    /**
     * Claims the fetch of {@code entityId} with {@code mine}: {@code null} if the caller now owns it (it must complete
     * {@code mine} and then call {@link #done}), else the fetch already running.
     */
    CompletableFuture<MdqEntry> claim(String entityId, CompletableFuture<MdqEntry> mine) {
        return running.putIfAbsent(entityId, mine);
    }

    /** Ends the caller's fetch of {@code entityId} ({@code mine} is already completed). */
    void done(String entityId, CompletableFuture<MdqEntry> mine) {
        running.remove(entityId, mine);
    }

    /**
     * The outcome of a fetch run by another lookup, waited for until {@code callTimeout} after {@code startNanos}
     * ({@link System#nanoTime()}): its entry, or its error again.
     *
     * @throws EcpException the fetch's own error; {@code metadata_unavailable} when it did not end in time or the wait
     *     was interrupted
     */
    MdqEntry await(CompletableFuture<MdqEntry> fetch, String entityId, URI url, Duration callTimeout,
            long startNanos) throws EcpException {
        long left = callTimeout.toNanos() - (System.nanoTime() - startNanos);
        try {
            return fetch.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new EcpException(EcpError.METADATA_UNAVAILABLE, "no answer from " + url + " within the call timeout"
                    + " of " + callTimeout.toMillis() + " ms (waited for the request already in flight)", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EcpException) {
                EcpException cause = (EcpException) e.getCause();
                throw new EcpException(cause.error(), cause.getMessage(), cause);
            }
            throw new EcpException(EcpError.INTERNAL_ERROR, "MDQ lookup of " + entityId + " failed: " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EcpException(EcpError.METADATA_UNAVAILABLE, "interrupted while waiting for " + url, e);
        }
    }
}
