package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lookups of an {@link MdqTrustSource} run on a daemon thread so that the caller never waits: at most one at a time,
 * and none for {@code retryAfterFailure} after one failed (a failure caches nothing, and the caller may be every
 * SAML20EC challenge an unauthenticated client asks for). Thread-safe; nothing to close (each thread ends with its
 * lookup, within the source's call timeout).
 */
final class MdqBackgroundLookup {
    private static final Logger LOG = LoggerFactory.getLogger(MdqBackgroundLookup.class);

    /** The lookup itself ({@link MdqTrustSource#find}). */
    interface Lookup {
        void find(String entityId) throws EcpException;
    }

    private final URI base;
    private final Duration retryAfterFailure;
    private final Lookup lookup;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long notBefore = System.nanoTime();

    MdqBackgroundLookup(URI base, Duration retryAfterFailure, Lookup lookup) {
        this.base = base;
        this.retryAfterFailure = retryAfterFailure;
        this.lookup = lookup;
    }

    /** Starts a lookup of {@code entityId} unless one runs or the last one failed less than retryAfterFailure ago. */
    void start(String entityId) {
        if (System.nanoTime() - notBefore < 0 || !running.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                lookup.find(entityId);
            } catch (EcpException | RuntimeException e) {
                notBefore = System.nanoTime() + retryAfterFailure.toNanos();
                LOG.debug("MDQ {}: background lookup of {} failed: {}", base, entityId, e.toString()); // WARNed by find
            } finally {
                running.set(false);
            }
        }, "samlec-mdq-lookup");
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // holds no application's class loader
        try {
            thread.start();
        } catch (Throwable e) { // e.g. no native thread left: the caller goes on, a later call tries again
            running.set(false);
            LOG.warn("MDQ {}: could not start a background lookup of {}: {}", base, entityId, e.toString());
        }
    }
}
