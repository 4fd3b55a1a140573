package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.service.LoginStateStore;
import dev.samlec.redis.RedisLoginStateStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code samlec sp}'s {@code --login-store} and {@code --redis-*} options: where the service keeps its login state
 * (the replay cache and the issued AuthnRequest IDs), in memory (the default) or on a Redis that several nodes share.
 * The settings go to samlec-redis's {@link RedisLoginStateStores}, the provider the JAAS module's
 * {@code loginStore=redis} uses too.
 */
final class LoginStoreOptions {
    @Option(names = "--login-store", paramLabel = "STORE", defaultValue = "memory", description = "Where the login "
            + "state (replay cache, issued request IDs) lives: memory (default, this process) or redis (shared by "
            + "every node of the service; with --redis-uri and --redis-key-prefix).")
    private String store;

    @Option(names = "--redis-uri", paramLabel = "URI", description = "The Redis server: redis://HOST:PORT, or "
            + "rediss://HOST:PORT for TLS (plain redis:// only to loopback unless --redis-allow-insecure).")
    private String uri;

    @Option(names = "--redis-key-prefix", paramLabel = "PREFIX", description = "The prefix of the service's keys: "
            + "the same on every node of one service, another for every other service.")
    private String keyPrefix;

    @Option(names = "--redis-user", paramLabel = "NAME", description = "The Redis AUTH user (ACLs); needs "
            + "--redis-password-file.")
    private String user;

    @Option(names = "--redis-password-file", paramLabel = "FILE", description = "A file holding the Redis AUTH "
            + "password (one line).")
    private Path passwordFile;

    @Option(names = "--redis-trust", paramLabel = "PEM", description = "Trust only these CA certificates for a "
            + "rediss:// server (default: the JVM's CA bundle).")
    private Path trust;

    @Option(names = "--redis-timeout", paramLabel = "SECONDS", description = "The most one Redis call may take "
            + "(default 0.5; decimals allowed); a login is then refused, never accepted.")
    private Double timeout;

    @Option(names = "--redis-allow-insecure", description = "Allow redis:// (no TLS) to a host that is not loopback "
            + "(a machine on the path could answer every replay check).")
    private boolean allowInsecure;

    /** The shared store these options select, or empty for the in-memory default; the caller closes it. */
    Optional<LoginStateStore> open(Clock clock) throws UsageException, EcpConfigurationException {
        if (store.equals("memory")) {
            if (uri != null || keyPrefix != null || user != null || passwordFile != null || trust != null
                    || timeout != null || allowInsecure) {
                throw new UsageException("the --redis-* options need --login-store redis");
            }
            return Optional.empty();
        }
        if (!store.equals("redis")) {
            throw new UsageException("option --login-store: must be memory or redis (value: " + store + ")");
        }
        if (uri == null || keyPrefix == null) {
            throw new UsageException("--login-store redis needs --redis-uri and --redis-key-prefix");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(RedisLoginStateStores.URI_SETTING, uri);
        settings.put(RedisLoginStateStores.KEY_PREFIX, keyPrefix);
        if (user != null) {
            settings.put(RedisLoginStateStores.USERNAME, user);
        }
        if (passwordFile != null) {
            settings.put(RedisLoginStateStores.PASSWORD_FILE, passwordFile.toString());
        }
        if (trust != null) {
            settings.put(RedisLoginStateStores.TRUSTED_CERTIFICATES, trust.toString());
        }
        if (timeout != null) {
            if (!(timeout > 0) || timeout > 60) {
                throw new UsageException("option --redis-timeout: must be a number of seconds from 0.001 to 60"
                        + " (value: " + timeout + ")");
            }
            settings.put(RedisLoginStateStores.COMMAND_TIMEOUT,
                    Duration.ofMillis(Math.max(1, Math.round(timeout * 1000))).toString());
        }
        if (allowInsecure) {
            settings.put(RedisLoginStateStores.ALLOW_INSECURE, "true");
        }
        return Optional.of(new RedisLoginStateStores().open(settings, clock));
    }

    /** A description for the start-up lines. */
    String describe() {
        return store.equals("redis") ? "redis " + uri + ", key prefix " + keyPrefix : "memory (this process)";
    }
}
