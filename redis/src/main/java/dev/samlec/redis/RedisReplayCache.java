package dev.samlec.redis;

import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A {@link dev.samlec.mech.service.ReplayCache} on Redis, shared by every node of a service: one atomic
 * {@code SET key 1 NX PX remaining-lifetime} per assertion (relative, so the Redis server's clock does not matter), so exactly one node (and one call) ever stores a given key. The key
 * is the prefix and the SHA-256 of {@code issuer!assertionID} (fixed length, whatever the IDs). A call that cannot
 * reach Redis in time is {@link Outcome#UNAVAILABLE}, which the validator refuses.
 */
final class RedisReplayCache implements dev.samlec.mech.service.ReplayCache {
    /** Redis needs a positive lifetime; a validated assertion is unexpired, so this only guards a clock race. */
    private static final long MIN_LIFETIME_MILLIS = 1_000;

    private final RedisLoginStore store;
    private final String prefix;
    private final Clock clock;

    RedisReplayCache(RedisLoginStore store, String prefix, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public boolean checkAndStore(String key, Instant expiresAt) {
        return record(key, expiresAt) == Outcome.STORED;
    }

    @Override
    public Outcome record(String key, Instant expiresAt) {
        long lifetime = Math.max(expiresAt.toEpochMilli() - clock.millis(), MIN_LIFETIME_MILLIS);
        String redisKey = prefix + digest(key);
        String[] reply = store.call("SET NX", redis -> new String[] {redis.set(redisKey, "1",
                SetArgs.Builder.nx().px(lifetime))});
        if (reply == null) {
            return Outcome.UNAVAILABLE;
        }
        return "OK".equals(reply[0]) ? Outcome.STORED : Outcome.ALREADY_SEEN;
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
