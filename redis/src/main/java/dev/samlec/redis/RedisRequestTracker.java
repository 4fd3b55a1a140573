package dev.samlec.redis;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.RequestTracker;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link RequestTracker} on Redis, shared by every node of a service: a challenge issued at one node is consumed
 * at any node, exactly once. {@link #track} is {@code SET key 1 NX PX lifetime}; {@link #consume} is {@code GETDEL}
 * (Redis 6.2+), atomic, so two nodes racing for one Response cannot both consume its request. A store that cannot be
 * asked in time is {@code state_store_unavailable}: no challenge is issued, and no Response is accepted.
 */
final class RedisRequestTracker implements RequestTracker {
    private final RedisLoginStore store;
    private final String prefix;
    private final Duration lifetime;
    private final Clock clock;

    RedisRequestTracker(RedisLoginStore store, String prefix, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive, was " + lifetime);
        }
        this.store = store;
        this.prefix = prefix;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public Instant track(String requestId) throws EcpException {
        Objects.requireNonNull(requestId, "requestId");
        Instant expiresAt = clock.instant().plus(lifetime);
        String key = prefix + requestId;
        String[] reply = store.call("SET NX", redis -> new String[] {redis.set(key, "1",
                SetArgs.Builder.nx().px(lifetime.toMillis()))});
        if (reply == null) {
            throw unavailable("recorded, so no login request is issued");
        }
        if (!"OK".equals(reply[0])) {
            throw new IllegalArgumentException("request ID is already tracked: " + requestId);
        }
        return expiresAt;
    }

    @Override
    public boolean consume(String requestId) throws EcpException {
        if (requestId == null) {
            return false;
        }
        String key = prefix + requestId;
        Object[] reply = store.call("GETDEL", redis -> new Object[] {redis.getdel(key)});
        if (reply == null) {
            throw unavailable("checked, so the Response is refused");
        }
        return reply[0] != null;
    }

    private EcpException unavailable(String consequence) {
        return new EcpException(EcpError.STATE_STORE_UNAVAILABLE, "the shared request store (Redis "
                + store.settings().uri() + ") could not be asked in time: the login request cannot be " + consequence
                + "; the store's log line names the cause");
    }
}
