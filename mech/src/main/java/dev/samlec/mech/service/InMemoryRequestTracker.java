package dev.samlec.mech.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RequestTracker} in this JVM's memory (one node): bounded, expiring, single-use.
 *
 * <p>{@link #track} records an ID for {@code requestLifetime}; {@link #consume} succeeds exactly once per tracked,
 * unexpired ID. When {@code maxOutstanding} unexpired IDs are held, the <em>oldest</em> is forgotten to make room
 * (logged at WARN): that only makes an old, probably abandoned login fail, whereas refusing new requests would let a
 * flood of unauthenticated exchanges block every new login. Thread-safe.
 */
public final class InMemoryRequestTracker implements RequestTracker {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryRequestTracker.class);

    private final Clock clock;
    private final Duration lifetime;
    private final int maxOutstanding;
    /** Insertion order equals expiry order, since every entry gets the same lifetime from a monotone-ish clock. */
    private final LinkedHashMap<String, Instant> outstanding = new LinkedHashMap<>();

    /**
     * A tracker.
     *
     * @param clock the clock for expiry
     * @param lifetime how long an issued ID stays consumable; positive
     * @param maxOutstanding the most IDs held; positive
     */
    public InMemoryRequestTracker(Clock clock, Duration lifetime, int maxOutstanding) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive, was " + lifetime);
        }
        if (maxOutstanding <= 0) {
            throw new IllegalArgumentException("maxOutstanding must be positive, was " + maxOutstanding);
        }
        this.maxOutstanding = maxOutstanding;
    }

    @Override
    public synchronized Instant track(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        Instant now = clock.instant();
        purgeExpired(now);
        if (outstanding.containsKey(requestId)) {
            throw new IllegalArgumentException("request ID is already tracked: " + requestId);
        }
        if (outstanding.size() >= maxOutstanding) {
            Iterator<String> eldest = outstanding.keySet().iterator();
            String dropped = eldest.next();
            eldest.remove();
            LOG.warn("{} AuthnRequests outstanding: forgot the oldest ({}) to make room", maxOutstanding, dropped);
        }
        Instant expiresAt = now.plus(lifetime);
        outstanding.put(requestId, expiresAt);
        return expiresAt;
    }

    @Override
    public synchronized boolean consume(String requestId) {
        if (requestId == null) {
            return false;
        }
        Instant expiresAt = outstanding.remove(requestId);
        return expiresAt != null && clock.instant().isBefore(expiresAt);
    }

    /** The number of unexpired, unconsumed IDs. */
    public synchronized int outstanding() {
        purgeExpired(clock.instant());
        return outstanding.size();
    }

    private void purgeExpired(Instant now) {
        Iterator<Map.Entry<String, Instant>> it = outstanding.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(now)) {
                return;
            }
            it.remove();
        }
    }
}
