package dev.samlec.jaas;

import static dev.samlec.jaas.OptionNames.LOGIN_STORE;
import static dev.samlec.jaas.OptionNames.REDIS_ALLOW_INSECURE;
import static dev.samlec.jaas.OptionNames.REDIS_COMMAND_TIMEOUT;
import static dev.samlec.jaas.OptionNames.REDIS_CONNECT_TIMEOUT;
import static dev.samlec.jaas.OptionNames.REDIS_KEY_PREFIX;
import static dev.samlec.jaas.OptionNames.REDIS_PASSWORD_FILE;
import static dev.samlec.jaas.OptionNames.REDIS_RECONNECT_INTERVAL;
import static dev.samlec.jaas.OptionNames.REDIS_TRUSTED_CERTIFICATES;
import static dev.samlec.jaas.OptionNames.REDIS_URI;
import static dev.samlec.jaas.OptionNames.REDIS_USERNAME;
import static dev.samlec.jaas.OptionNames.REPLAY_CACHE_SIZE;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the acceptor keeps its login state (the replay cache): {@code loginStore=memory} (the default, this JVM) or
 * {@code loginStore=redis} (shared by every node of the service). The {@code redis*} options are checked here, by
 * name, so that all their problems are reported with the others; the store itself is found at {@code login()} through
 * {@link dev.samlec.mech.service.LoginStateStores} (the samlec-redis jar), which gets them as {@link #settings()}.
 *
 * @param name {@code memory} or {@code redis}
 * @param settings the store's settings under the provider's names ({@code uri}, {@code keyPrefix}, ...); empty for
 *     {@code memory}
 */
record LoginStoreOptions(String name, Map<String, String> settings) {
    /** The in-memory store (the default). */
    static final String MEMORY = "memory";
    /** The store on Redis (samlec-redis). */
    static final String REDIS = "redis";
    /** The jar that provides the redis store. */
    static final String REDIS_JAR = "samlec-redis (dev.samlec:samlec-redis, with its Lettuce dependencies)";

    /** Each {@code redis*} option and the redis store's setting it becomes. */
    private static final Map<String, String> REDIS_SETTINGS = redisSettings();
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    /** Copies the settings. */
    LoginStoreOptions {
        settings = Map.copyOf(settings);
    }

    /** Whether the state lives in this JVM. */
    boolean inMemory() {
        return name.equals(MEMORY);
    }

    /** The {@code redis*} option a redis store setting came from, for messages. */
    static Optional<String> optionOf(String setting) {
        return REDIS_SETTINGS.entrySet().stream().filter(e -> e.getValue().equals(setting)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Reads {@code loginStore} and the {@code redis*} options, recording every problem in {@code r}. */
    static LoginStoreOptions parse(OptionReader r) {
        String name = r.string(LOGIN_STORE).map(s -> s.toLowerCase(Locale.ROOT)).orElse(MEMORY);
        if (!name.equals(MEMORY) && !name.equals(REDIS)) {
            r.problem(LOGIN_STORE, "must be memory (the default: this JVM only) or redis (shared by the service's"
                    + " nodes; needs " + REDIS_JAR + ")");
            return new LoginStoreOptions(MEMORY, Map.of());
        }
        if (name.equals(MEMORY)) {
            for (String option : REDIS_SETTINGS.keySet()) {
                if (r.has(option)) {
                    r.problem(option, "applies only to " + LOGIN_STORE + "=redis");
                }
            }
            return new LoginStoreOptions(MEMORY, Map.of());
        }
        if (r.has(REPLAY_CACHE_SIZE)) {
            r.problem(REPLAY_CACHE_SIZE, "applies only to " + LOGIN_STORE + "=memory (Redis bounds its own memory)");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String required : new String[] {REDIS_URI, REDIS_KEY_PREFIX}) {
            if (!r.has(required)) {
                r.problem(required, "is required with " + LOGIN_STORE + "=redis" + (required.equals(REDIS_URI)
                        ? " (redis://host:port, or rediss://host:port for TLS)"
                        : " (one prefix per service, shared by its nodes, e.g. samlec:ldap.example.org:)"));
            }
        }
        redisUri(r).ifPresent(v -> settings.put(REDIS_SETTINGS.get(REDIS_URI), v));
        r.string(REDIS_KEY_PREFIX).ifPresent(v -> settings.put(REDIS_SETTINGS.get(REDIS_KEY_PREFIX), v));
        r.string(REDIS_USERNAME).ifPresent(v -> settings.put(REDIS_SETTINGS.get(REDIS_USERNAME), v));
        r.path(REDIS_PASSWORD_FILE).ifPresent(v -> settings.put(REDIS_SETTINGS.get(REDIS_PASSWORD_FILE),
                v.toString()));
        r.path(REDIS_TRUSTED_CERTIFICATES).ifPresent(v -> settings.put(REDIS_SETTINGS.get(REDIS_TRUSTED_CERTIFICATES),
                v.toString()));
        for (String option : new String[] {REDIS_COMMAND_TIMEOUT, REDIS_CONNECT_TIMEOUT, REDIS_RECONNECT_INTERVAL}) {
            Duration d = r.duration(option, null, MIN_TIMEOUT, MAX_TIMEOUT);
            if (d != null) {
                settings.put(REDIS_SETTINGS.get(option), d.toString());
            }
        }
        if (r.has(REDIS_ALLOW_INSECURE)) {
            settings.put(REDIS_SETTINGS.get(REDIS_ALLOW_INSECURE), String.valueOf(r.bool(REDIS_ALLOW_INSECURE, false)));
        }
        if (r.has(REDIS_USERNAME) && !r.has(REDIS_PASSWORD_FILE)) {
            r.problem(REDIS_USERNAME, "needs " + REDIS_PASSWORD_FILE + " (the file holding that user's password)");
        }
        String uri = settings.getOrDefault(REDIS_SETTINGS.get(REDIS_URI), "").toLowerCase(Locale.ROOT);
        if (r.has(REDIS_TRUSTED_CERTIFICATES) && uri.startsWith("redis://")) {
            r.problem(REDIS_TRUSTED_CERTIFICATES, "is for a TLS connection: use a rediss:// " + REDIS_URI);
        }
        return new LoginStoreOptions(REDIS, settings);
    }

    /** {@code redis://host[:port]} or {@code rediss://host[:port]}, without credentials (those come from files). */
    private static Optional<String> redisUri(OptionReader r) {
        Optional<String> text = r.string(REDIS_URI);
        if (text.isEmpty()) {
            return text;
        }
        try {
            java.net.URI uri = new java.net.URI(text.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                r.problem(REDIS_URI, "must be redis://host:port, or rediss://host:port for TLS");
            } else if (uri.getHost() == null) {
                r.problem(REDIS_URI, "names no host");
            } else if (uri.getRawUserInfo() != null) {
                r.problem(REDIS_URI, "must not hold credentials; use " + REDIS_USERNAME + " and "
                        + REDIS_PASSWORD_FILE);
            } else {
                return text;
            }
        } catch (java.net.URISyntaxException e) {
            r.problem(REDIS_URI, "is not a valid URI (" + e.getReason() + ")");
        }
        return Optional.empty();
    }

    private static Map<String, String> redisSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(REDIS_URI, "uri");
        m.put(REDIS_KEY_PREFIX, "keyPrefix");
        m.put(REDIS_USERNAME, "username");
        m.put(REDIS_PASSWORD_FILE, "passwordFile");
        m.put(REDIS_TRUSTED_CERTIFICATES, "trustedCertificates");
        m.put(REDIS_COMMAND_TIMEOUT, "commandTimeout");
        m.put(REDIS_CONNECT_TIMEOUT, "connectTimeout");
        m.put(REDIS_RECONNECT_INTERVAL, "reconnectInterval");
        m.put(REDIS_ALLOW_INSECURE, "allowInsecure");
        return java.util.Collections.unmodifiableMap(m);
    }
}
