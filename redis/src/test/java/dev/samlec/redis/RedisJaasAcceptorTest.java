package dev.samlec.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.jaas.SamlecLogin;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.IssuedAuthnRequest;
import dev.samlec.mech.service.ValidationContext;
import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JAAS acceptor ({@code SamlecLoginModule}, {@code isInitiator=false}) with {@code loginStore=redis}, through
 * real {@link LoginContext}s, a real redis-server that requires a password (given as {@code redisPasswordFile}), the
 * demo IdP and real SAML20EC exchanges: the module finds the redis store through {@code LoginStateStores}; an
 * assertion accepted at one acceptor is refused as replayed at a second acceptor (another LoginContext, its own
 * Redis connection) sharing the Redis, and not when the second keeps its state in memory; with Redis down the
 * exchange is refused with {@code state_store_unavailable}; {@code logout()} closes the store.
 */
@Timeout(120)
class RedisJaasAcceptorTest {
    private static final String ENTITY = "https://kafka.localhost/samlec";
    private static final String SERVICE = "kafka@localhost";
    private static final String PASSWORD = "jaas-redis-pw";
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static DemoIdp idp;
    private static RedisServerProcess redis;
    @TempDir
    static Path dir;
    private final List<LoginContext> contexts = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.startPlain("--requirepass", PASSWORD);
        idp = DemoIdp.builder().start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(ENTITY).acsUrls(List.of(SERVICE)).build());
        Files.writeString(dir.resolve("idp-metadata.xml"), new String(idp.metadata(), StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("redis.pw"), PASSWORD + "\n");
        SamlecSaslProvider.install();
    }

    @AfterAll
    static void stop() throws Exception {
        SamlecSaslProvider.uninstall();
        idp.close();
        redis.close();
    }

    @AfterEach
    void logout() throws Exception {
        for (LoginContext c : contexts) {
            c.logout();
        }
    }

    private static Map<String, Object> options(RedisServerProcess server, String store) {
        Map<String, Object> o = new HashMap<>();
        o.put("isInitiator", "false");
        o.put("serviceEntityId", ENTITY);
        o.put("serviceName", SERVICE);
        o.put("idpMetadata", dir.resolve("idp-metadata.xml").toString());
        o.put("loginStore", store);
        if (store.equals("redis")) {
            o.put("redisUri", server.uri().toString());
            o.put("redisKeyPrefix", "samlec:kafka.localhost:");
            o.put("redisPasswordFile", dir.resolve("redis.pw").toString());
            o.put("redisCommandTimeout", "PT0.5S");
            o.put("redisConnectTimeout", "PT0.5S");
            o.put("redisReconnectInterval", "PT0.1S");
        }
        return o;
    }

    /** One acceptor node: a LoginContext of its own over these options, logged in; its SamlecAcceptor. */
    private SamlecAcceptor node(Map<String, Object> options) throws Exception {
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry("dev.samlec.jaas.SamlecLoginModule",
                        LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        LoginContext context = new LoginContext("SamlecService", new Subject(), null, config);
        context.login();
        contexts.add(context);
        return context.getSubject().getPublicCredentials(SamlecAcceptor.class).iterator().next();
    }

    @Test
    void saslWhenAcceptorUsesRedisThenExchangeCompletesAndItsAssertionIsRecordedInRedis() throws Exception {
        SamlecAcceptor a = node(options(redis, "redis"));
        long before = replayKeys(redis);

        assertThat(exchange(a, "alice").getAuthorizationID()).isEqualTo("alice");
        assertThat(replayKeys(redis)).isEqualTo(before + 1);
    }

    @Test
    void validateWhenAssertionAcceptedAtOneAcceptorThenReplayedAtAnotherSharingRedis() throws Exception {
        SamlecAcceptor a = node(options(redis, "redis"));
        SamlecAcceptor b = node(options(redis, "redis"));
        SamlecAcceptor memory = node(options(redis, "memory"));
        IssuedAuthnRequest request = a.provider().issue(IssueOptions.defaults());
        byte[] response = loginAtIdp(request, "bob");

        assertThat(a.provider().validate(response, ValidationContext.expect(request.id())).nameId().value())
                .isEqualTo("bob");
        // At the second node the InResponseTo binding is set aside, so that the replay cache is the check left.
        assertThatThrownBy(() -> b.provider().validate(response, ValidationContext.unchecked()))
                .isInstanceOf(EcpException.class).extracting(e -> ((EcpException) e).error())
                .isEqualTo(EcpError.REPLAYED_ASSERTION);
        assertThat(memory.provider().validate(response, ValidationContext.unchecked()).nameId().value())
                .as("a node with its own in-memory cache does not know it").isEqualTo("bob");
    }

    @Test
    void saslWhenRedisDownThenStateStoreUnavailableAndAfterItReturnsAccepted() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startPlain("--requirepass", PASSWORD)) {
            SamlecAcceptor a = node(options(own, "redis"));
            own.stop();

            assertThatThrownBy(() -> exchange(a, "carol")).isInstanceOf(SamlecSaslException.class)
                    .extracting(e -> ((SamlecSaslException) e).error()).isEqualTo(EcpError.STATE_STORE_UNAVAILABLE);

            own.start();
            Thread.sleep(300);
            assertThat(exchange(a, "carol").getAuthorizationID()).isEqualTo("carol");
        }
    }

    @Test
    void loginWhenRedisDownAtStartThenServiceStartsAndRefusesUntilRedisAnswers() throws Exception {
        RedisServerProcess own = RedisServerProcess.startPlain("--requirepass", PASSWORD);
        own.stop();
        try (own) {
            SamlecAcceptor a = node(options(own, "redis"));

            assertThatThrownBy(() -> exchange(a, "alice")).isInstanceOf(SamlecSaslException.class)
                    .hasMessageContaining("state_store_unavailable");
        }
    }

    @Test
    void loginWhenPasswordFileMissingThenInvalidConfigurationNamingTheOption() {
        Map<String, Object> o = options(redis, "redis");
        o.put("redisPasswordFile", dir.resolve("absent.pw").toString());

        assertThatThrownBy(() -> node(o)).hasMessageStartingWith("invalid_configuration: option redisPasswordFile:")
                .hasMessageContaining("cannot read").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void loginWhenPlainRedisToRemoteHostThenInvalidConfigurationAskingForTls() {
        Map<String, Object> o = options(redis, "redis");
        o.put("redisUri", "redis://redis.example.org:6379");

        assertThatThrownBy(() -> node(o)).hasMessageStartingWith("invalid_configuration: option loginStore:")
                .hasMessageContaining("has no TLS");
    }

    @Test
    void logoutWhenLoggedInThenStoreClosedAndAcceptorRefuses() throws Exception {
        SamlecAcceptor a = node(options(redis, "redis"));
        contexts.remove(contexts.size() - 1).logout();

        assertThatThrownBy(() -> exchange(a, "alice")).isInstanceOf(SamlecSaslException.class)
                .hasMessageContaining("state_store_unavailable");
    }

    /** One SAML20EC exchange between {@code user} (logged in at the demo IdP) and the acceptor. */
    private static SaslServer exchange(SamlecAcceptor acceptor, String user) throws Exception {
        Subject subject = SamlecLogin.builder(IdpEndpoint.builder(idp.entityId(), idp.ssoUrl())
                .allowInsecureHttp(true).responseTimeout(Duration.ofSeconds(20)).build())
                .skipCredentialCheck().build().login(user, (user + "pw").toCharArray());
        SaslServer server = Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka", "localhost",
                Map.of(SamlecSasl.ACCEPTOR, acceptor), null);
        SamlecLogin.runAs(subject, () -> {
            SaslClient client = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost",
                    Map.of(), null);
            byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
            server.evaluateResponse(client.evaluateChallenge(challenge));
            return null;
        });
        assertThat(server.isComplete()).isTrue();
        return server;
    }

    /** The number of replay keys this test's service has in Redis. */
    private static long replayKeys(RedisServerProcess server) throws Exception {
        try (RedisLoginStore store = new RedisLoginStore(RedisSettings.builder(server.uri())
                .password(PASSWORD.toCharArray()).keyPrefix("samlec:kafka.localhost:").build(),
                java.time.Clock.systemUTC())) {
            return store.call("KEYS", r -> (long) r.keys("samlec:kafka.localhost:replay:*").size());
        }
    }

    /** The client's part for a request issued by hand: the AuthnRequest to the IdP with Basic, its Response. */
    private static byte[] loginAtIdp(IssuedAuthnRequest request, String user) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(idp.ssoUrl()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml").header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user + "pw").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(IdpRequest.of(AuthnRequestBody.parse(request.xml(),
                        PARSER)).toBytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        return IdpResponse.parse(reply.body(), PARSER).response().orElseThrow().toBytes();
    }
}
