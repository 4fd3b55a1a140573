package dev.samlec.redis;

import dev.samlec.mech.service.LoginStateStore;
import dev.samlec.mech.service.ReplayCache;
import dev.samlec.mech.service.RequestTracker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the Redis server the nodes of a service share, and the login state kept there
 * ({@link #replayCache()}, {@link #requestTracker}). Thread-safe; close it when the service stops.
 *
 * <p>The connection is opened on first use and again after a failure, at most once per
 * {@link RedisSettings#reconnectInterval()}, so a service starts while Redis is down and recovers when it returns.
 * Every call is bounded by {@link RedisSettings#commandTimeout()}; commands are rejected, not queued, while the
 * connection is down. A call that fails or times out is reported to the caller as "unavailable" (the login is refused:
 * nothing is accepted because the store could not be asked); the first failure of an outage is one WARN line naming
 * the cause, and the recovery one INFO line.
 */
public final class RedisLoginStore implements LoginStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLoginStore.class);

    private final RedisSettings settings;
    private final Clock clock;
    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private Instant nextAttempt = Instant.MIN;
    private boolean failing;
    private boolean closed;

    /** A store for {@code settings}; nothing is connected yet. */
    public RedisLoginStore(RedisSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = RedisClient.create(redisUri(settings));
        client.setOptions(clientOptions(settings));
    }

    /** The replay cache on this server, under the settings' key prefix. */
    @Override
    public ReplayCache replayCache() {
        return new RedisReplayCache(this, settings.keyPrefix() + "replay:", clock);
    }

    /**
     * The tracker of issued AuthnRequest IDs on this server, under the settings' key prefix; {@code lifetime} is how
     * long an ID stays consumable (the service's {@code requestLifetime}).
     */
    @Override
    public RequestTracker requestTracker(Duration lifetime) {
        return new RedisRequestTracker(this, settings.keyPrefix() + "request:", lifetime, clock);
    }

    /** The settings this store was made with. */
    public RedisSettings settings() {
        return settings;
    }

    /**
     * Runs {@code call} against the server; {@code null} when the server could not be asked (not connected, the
     * call failed or timed out). {@code call} must not return null itself.
     */
    <T> T call(String what, Function<RedisCommands<String, String>, T> call) {
        StatefulRedisConnection<String, String> c = connection();
        if (c == null) {
            return null;
        }
        try {
            T result = call.apply(c.sync());
            recovered();
            return result;
        } catch (RuntimeException e) {
            failed(what, e);
            return null;
        }
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (closed) {
            return null;
        }
        if (connection != null) {
            return connection;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            return null;
        }
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            c.setTimeout(settings.commandTimeout());
            connection = c;
            warnIfEvicting(c);
            return c;
        } catch (RuntimeException e) {
            nextAttempt = now.plus(settings.reconnectInterval());
            failed("connect", e);
            return null;
        }
    }

    /**
     * A Redis that evicts keys under memory pressure ({@code maxmemory-policy} other than {@code noeviction}) can drop
     * a live replay entry, which would make that assertion replayable: one WARN at connect. Managed services that
     * forbid CONFIG get one INFO saying the policy could not be checked.
     */
    private void warnIfEvicting(StatefulRedisConnection<String, String> c) {
        try {
            java.util.Map<String, String> policy = c.sync().configGet("maxmemory-policy");
            String value = policy.getOrDefault("maxmemory-policy", "");
            if (!value.isEmpty() && !value.equals("noeviction")) {
                LOG.warn("Redis {} has maxmemory-policy {}: under memory pressure it may evict a live replay entry and"
                        + " let that assertion be replayed; set maxmemory-policy noeviction (a full Redis then refuses"
                        + " logins instead)", settings.uri(), value);
            }
        } catch (RuntimeException e) {
            LOG.info("Redis {}: maxmemory-policy could not be read ({}); make sure it is noeviction", settings.uri(),
                    reason(e));
        }
    }

    private synchronized void failed(String what, RuntimeException e) {
        if (!failing) {
            failing = true;
            LOG.warn("Redis {} unavailable ({} failed: {}); logins that need it are refused"
                    + " (state_store_unavailable) until it answers again", settings.uri(), what, reason(e));
        }
    }

    private synchronized void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Redis {} answers again", settings.uri());
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static RedisURI redisUri(RedisSettings s) {
        RedisURI.Builder b = RedisURI.builder().withHost(s.uri().getHost())
                .withPort(s.uri().getPort() > 0 ? s.uri().getPort() : RedisURI.DEFAULT_REDIS_PORT)
                .withSsl(s.tls()).withVerifyPeer(true).withTimeout(s.commandTimeout());
        if (s.password().isPresent()) {
            // Lettuce keeps this array for every (re)connection's AUTH, so it is a copy that lives with the client.
            char[] password = s.password().get();
            if (s.username().isPresent()) {
                b.withAuthentication(s.username().get(), password);
            } else {
                b.withPassword(password);
            }
        }
        return b.build();
    }

    private static ClientOptions clientOptions(RedisSettings s) {
        ClientOptions.Builder b = ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(s.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(s.commandTimeout()));
        if (s.trustedCertificates().isPresent()) {
            b.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(s.trustedCertificates().get().toFile())
                    .build());
        }
        return b.build();
    }
}
