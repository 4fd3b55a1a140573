package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.module;
import static dev.samlec.jaas.LoginOptionsTest.CLIENT;
import static dev.samlec.jaas.LoginOptionsTest.SERVICE;
import static dev.samlec.jaas.LoginOptionsTest.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.service.InMemoryReplayCache;
import dev.samlec.mech.service.LoginStateStores;
import dev.samlec.sasl.SamlecAcceptor;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptor's {@code loginStore} and {@code redis*} options: checked strictly with the others, and, since this
 * module's class path has no samlec-redis (the JAAS module does not depend on it), {@code loginStore=redis} fails
 * {@code login()} naming the option and the missing jar. With samlec-redis present, the redis module's
 * {@code RedisJaasAcceptorTest} runs the same options against a real Redis.
 */
class LoginStoreOptionsTest {
    private static final Map<String, Object> REDIS = with(SERVICE, "loginStore", "redis",
            "redisUri", "redis://127.0.0.1:6379", "redisKeyPrefix", "samlec:svc:");
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                bad(SERVICE, "option loginStore: must be memory (the default: this JVM only) or redis", "loginStore",
                        "memcached"),
                bad(SERVICE, "option redisUri: applies only to loginStore=redis (value: redis://127.0.0.1)",
                        "redisUri", "redis://127.0.0.1"),
                bad(with(SERVICE, "loginStore", "memory"), "option redisKeyPrefix: applies only to loginStore=redis",
                        "redisKeyPrefix", "p:"),
                bad(CLIENT, "option loginStore: applies only to the acceptor (isInitiator=false)", "loginStore",
                        "redis"),
                bad(CLIENT, "option redisUri: applies only to the acceptor", "redisUri", "redis://127.0.0.1"),
                bad(REDIS, "option redisUri: is required with loginStore=redis", "redisUri", null),
                bad(REDIS, "option redisKeyPrefix: is required with loginStore=redis", "redisKeyPrefix", null),
                bad(REDIS, "option redisKeyPrefix: must not be empty", "redisKeyPrefix", " "),
                bad(REDIS, "option redisUri: must be redis://host:port, or rediss://host:port for TLS (value:"
                        + " http://127.0.0.1:6379)", "redisUri", "http://127.0.0.1:6379"),
                bad(REDIS, "option redisUri: must not hold credentials; use redisUsername and redisPasswordFile"
                        + " (value: [redacted])", "redisUri", "redis://u:hunter2@127.0.0.1"),
                bad(REDIS, "option redisUri: names no host", "redisUri", "redis:///0"),
                bad(REDIS, "option replayCacheSize: applies only to loginStore=memory", "replayCacheSize", "10"),
                bad(REDIS, "option redisUsername: needs redisPasswordFile", "redisUsername", "samlec"),
                bad(REDIS, "option redisTrustedCertificates: is for a TLS connection: use a rediss:// redisUri",
                        "redisTrustedCertificates", "/etc/samlec/redis-ca.pem"),
                bad(REDIS, "option redisCommandTimeout: must be between PT0.001S and PT1M (value: PT2M)",
                        "redisCommandTimeout", "PT2M"),
                bad(REDIS, "option redisConnectTimeout: must be an ISO-8601 duration", "redisConnectTimeout", "2"),
                bad(REDIS, "option redisReconnectInterval: must be between", "redisReconnectInterval", "PT0S"),
                bad(REDIS, "option redisAllowInsecure: must be true or false", "redisAllowInsecure", "yes"),
                bad(REDIS, "option redisPassword: is not a samlec option; did you mean redisPasswordFile (the Redis"
                        + " password is read from a file, never given inline)? (value: [redacted])",
                        "redisPassword", "hunter2"));
    }

    private static Arguments bad(Map<String, Object> base, String expected, String... keyValues) {
        return Arguments.of(with(base, keyValues), expected);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("problems")
    void parseWhenStoreOptionBadThenOptionProblem(Map<String, Object> options, String expected) {
        assertThatThrownBy(() -> LoginOptions.parse(options)).isInstanceOf(LoginException.class)
                .hasMessageContaining(expected).hasMessageNotContaining("hunter2");
    }

    @Test
    void parseWhenRedisOptionsGoodThenStoreSettingsUnderProviderNames() throws Exception {
        LoginStoreOptions store = LoginOptions.parse(with(REDIS, "redisUri", "rediss://redis.example.org:6380",
                "redisUsername", "samlec", "redisPasswordFile", "/etc/samlec/redis.pw", "redisTrustedCertificates",
                "/etc/samlec/redis-ca.pem", "redisCommandTimeout", "PT0.2S", "redisConnectTimeout", "PT1S",
                "redisReconnectInterval", "PT5S", "redisAllowInsecure", "false")).acceptor().orElseThrow().loginStore();

        assertThat(store.inMemory()).isFalse();
        assertThat(store.settings()).containsOnly(Map.entry("uri", "rediss://redis.example.org:6380"),
                Map.entry("keyPrefix", "samlec:svc:"), Map.entry("username", "samlec"),
                Map.entry("passwordFile", "/etc/samlec/redis.pw"),
                Map.entry("trustedCertificates", "/etc/samlec/redis-ca.pem"), Map.entry("commandTimeout", "PT0.2S"),
                Map.entry("connectTimeout", "PT1S"), Map.entry("reconnectInterval", "PT5S"),
                Map.entry("allowInsecure", "false"));
    }

    @Test
    void parseWhenNoLoginStoreThenInMemoryWithReplayCacheSize() throws Exception {
        AcceptorOptions o = LoginOptions.parse(with(SERVICE, "replayCacheSize", "100")).acceptor().orElseThrow();

        assertThat(o.loginStore().inMemory()).isTrue();
        assertThat(o.replayCacheSize()).isEqualTo(100);
    }

    @Test
    void loginWhenLoginStoreRedisAndSamlecRedisMissingThenInvalidConfigurationNamingOptionAndJar() throws Exception {
        assertThat(LoginStateStores.find("redis", getClass().getClassLoader())).as("no samlec-redis here").isEmpty();
        Map<String, Object> options = demo.acceptorOptions();
        options.putAll(Map.of("loginStore", "redis", "redisUri", "redis://127.0.0.1:6379", "redisKeyPrefix", "p:"));

        assertThatThrownBy(() -> module(new Subject(), null, options).login()).isInstanceOf(LoginException.class)
                .hasMessageStartingWith("invalid_configuration: option loginStore: needs samlec-redis"
                        + " (dev.samlec:samlec-redis, with its Lettuce dependencies) on the class path")
                .hasMessageEndingWith("(value: redis)");
    }

    @Test
    void commitWhenLoginStoreMemoryThenInMemoryReplayCache() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("loginStore", "memory");
        Subject subject = new Subject();
        SamlecLoginModule m = module(subject, null, options);
        m.login();
        m.commit();

        SamlecAcceptor acceptor = subject.getPublicCredentials(SamlecAcceptor.class).iterator().next();
        assertThat(acceptor.provider().settings().replayCache()).isInstanceOf(InMemoryReplayCache.class);
        m.logout();
        assertThat(subject.getPublicCredentials()).isEmpty();
    }
}
