package dev.samlec.redis;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the Redis server that the nodes of one service share: its {@code redis://} or
 * {@code rediss://} (TLS) URI, optional AUTH credentials, the CA certificates that TLS trusts, the key prefix that
 * keeps this service's keys apart from others on the same server, and the timeouts. Every call samlec makes is bounded
 * by {@link #commandTimeout()}; a failed connection is retried at most once per {@link #reconnectInterval()}.
 */
public final class RedisSettings {
    private final URI uri;
    private final Optional<String> username;
    private final char[] password;
    private final Optional<Path> trustedCertificates;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final Duration reconnectInterval;
    private final boolean allowInsecure;

    private RedisSettings(Builder b) {
        this.uri = b.uri;
        this.username = Optional.ofNullable(b.username);
        this.password = b.password == null ? null : b.password.clone();
        this.trustedCertificates = Optional.ofNullable(b.trustedCertificates);
        this.keyPrefix = b.keyPrefix;
        this.commandTimeout = b.commandTimeout;
        this.connectTimeout = b.connectTimeout;
        this.reconnectInterval = b.reconnectInterval;
        this.allowInsecure = b.allowInsecure;
    }

    /** Settings for the server at {@code uri} ({@code redis://host:port} or {@code rediss://host:port}). */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** The server's URI. */
    public URI uri() {
        return uri;
    }

    /** Whether the connection uses TLS ({@code rediss://}). */
    public boolean tls() {
        return "rediss".equalsIgnoreCase(uri.getScheme());
    }

    /** The AUTH user name (Redis 6 ACLs), if any. */
    public Optional<String> username() {
        return username;
    }

    /** A copy of the AUTH password, if any. */
    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    /** A PEM file of the CA certificates TLS trusts (else the JVM's default trust). */
    public Optional<Path> trustedCertificates() {
        return trustedCertificates;
    }

    /** The prefix of every key samlec writes, e.g. {@code samlec:ldap.example.org:}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The most one Redis call may take. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The most one connection attempt may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The least time between two connection attempts after a failure. */
    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    @Override
    public String toString() {
        return "RedisSettings[" + uri + ", prefix " + keyPrefix + (password != null ? ", AUTH" : "") + "]";
    }

    /** The key kinds samlec appends to a prefix; no prefix may have them as a segment. */
    private static final java.util.Set<String> RESERVED_SEGMENTS = java.util.Set.of("replay", "request");

    /** Builds {@link RedisSettings}. */
    public static final class Builder {
        private final URI uri;
        private String username;
        private char[] password;
        private Path trustedCertificates;
        private String keyPrefix;
        private Duration commandTimeout = Duration.ofMillis(500);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration reconnectInterval = Duration.ofSeconds(1);
        private boolean allowInsecure;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** AUTH with a password only (Redis {@code requirepass}). */
        public Builder password(char[] value) {
            this.password = value.clone();
            return this;
        }

        /** AUTH with a user name and password (Redis 6 ACLs). */
        public Builder credentials(String user, char[] value) {
            this.username = Objects.requireNonNull(user, "user");
            return password(value);
        }

        /** A PEM file of the CA certificates a {@code rediss://} connection trusts. */
        public Builder trustedCertificates(Path pem) {
            this.trustedCertificates = Objects.requireNonNull(pem, "pem");
            return this;
        }

        /** The prefix of every key (required; one per service, so two services never share an entry). */
        public Builder keyPrefix(String value) {
            this.keyPrefix = Objects.requireNonNull(value, "keyPrefix");
            return this;
        }

        /** The most one Redis call may take (default 500 ms). */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = Objects.requireNonNull(value, "commandTimeout");
            return this;
        }

        /** The most one connection attempt may take (default 2 s). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** The least time between connection attempts after a failure (default 1 s). */
        public Builder reconnectInterval(Duration value) {
            this.reconnectInterval = Objects.requireNonNull(value, "reconnectInterval");
            return this;
        }

        /**
         * Allows {@code redis://} (no TLS) to a host that is not loopback. Without TLS anybody on the path can answer
         * "stored" to every check (every replay would pass) and read the AUTH password; only for a network you trust.
         */
        public Builder allowInsecure(boolean value) {
            this.allowInsecure = value;
            return this;
        }

        /** The settings; a missing prefix, another scheme or a non-positive timeout is a configuration error. */
        public RedisSettings build() throws EcpConfigurationException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw invalid("the Redis URI must start with redis:// or rediss:// (TLS), was " + uri);
            }
            if (uri.getHost() == null) {
                throw invalid("the Redis URI names no host: " + uri);
            }
            if (uri.getUserInfo() != null) {
                throw invalid("put Redis credentials in the settings (password/credentials), not in the URI "
                        + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
            }
            if (scheme.equals("redis") && !allowInsecure && !loopback(uri.getHost())) {
                throw invalid("redis:// to " + uri.getHost() + " has no TLS: a machine on the path could answer every"
                        + " replay check with 'stored'; use rediss:// (with trusted certificates), or allowInsecure(true)"
                        + " for a network you trust");
            }
            if (keyPrefix == null || keyPrefix.isBlank()) {
                throw invalid("a Redis key prefix is required (one per service, e.g. samlec:ldap.example.org:)");
            }
            if (!keyPrefix.endsWith(":") || Arrays.stream(keyPrefix.split(":")).anyMatch(RESERVED_SEGMENTS::contains)) {
                // Keys are prefix + "replay:"/"request:" + ...; this keeps one service's keys out of another's.
                throw invalid("the Redis key prefix must end with ':' and have no segment named replay or request"
                        + " (samlec's own key kinds), so that no service's keys fall under another's prefix; was '"
                        + keyPrefix + "'");
            }
            if (trustedCertificates != null && !scheme.equals("rediss")) {
                throw invalid("trusted certificates are for a TLS connection: use rediss://, not " + uri);
            }
            for (Duration d : Arrays.asList(commandTimeout, connectTimeout, reconnectInterval)) {
                if (d.isNegative() || d.isZero()) {
                    throw invalid("Redis timeouts must be positive, was " + d);
                }
            }
            return new RedisSettings(this);
        }

        private static boolean loopback(String host) {
            String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1");
        }

        private static EcpConfigurationException invalid(String message) {
            return new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, message);
        }
    }
}
