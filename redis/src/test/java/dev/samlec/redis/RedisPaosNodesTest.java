package dev.samlec.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.PaosServiceProvider;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one HTTP PAOS service ({@link PaosServiceProvider}, each with its own Redis connection, as two
 * processes behind a round-robin balancer would have) sharing a real Redis, and the demo IdP: a challenge issued at
 * node A is consumed at node B, once; the same response again at A is refused; with Redis stopped both nodes refuse
 * with {@code state_store_unavailable}, and recover when it returns.
 */
class RedisPaosNodesTest {
    private static final String SP = "https://service.example/sp";
    private static final String ACS = "https://service.example/paos/acs";
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static DemoIdp idp;
    private static RedisServerProcess redis;
    private final List<RedisLoginStore> stores = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.startPlain();
        idp = DemoIdp.builder().start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        idp.close();
        redis.close();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisLoginStore::close);
    }

    private PaosServiceProvider node(RedisServerProcess server) throws Exception {
        RedisLoginStore store = new RedisLoginStore(RedisSettings.builder(server.uri()).keyPrefix("svc:")
                .connectTimeout(Duration.ofMillis(500)).reconnectInterval(Duration.ofMillis(100)).build(),
                Clock.systemUTC());
        stores.add(store);
        return new PaosServiceProvider(ServiceProviderSettings.builder().entityId(SP).assertionConsumerServiceUrl(ACS)
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate())))
                .replayCache(store.replayCache()).requestTracker(store.requestTracker(Duration.ofMinutes(5)))
                .build());
    }

    @Test
    void consumeWhenChallengeFromNodeAAnsweredAtNodeBThenAcceptedOnceAcrossNodes() throws Exception {
        PaosServiceProvider a = node(redis);
        PaosServiceProvider b = node(redis);
        PaosRequest challenge = a.challenge(Optional.empty());
        byte[] answer = loginAtIdp(challenge);

        assertThat(b.consume(answer).identity().nameId().value()).isEqualTo("alice");
        assertThatThrownBy(() -> a.consume(answer)).isInstanceOf(EcpException.class)
                .extracting(e -> ((EcpException) e).error()).isEqualTo(EcpError.INVALID_IN_RESPONSE_TO);
        assertThatThrownBy(() -> b.consume(answer)).isInstanceOf(EcpException.class)
                .extracting(e -> ((EcpException) e).error()).isEqualTo(EcpError.INVALID_IN_RESPONSE_TO);
    }

    @Test
    void challengeAndConsumeWhenRedisStoppedThenStateStoreUnavailableThenRecovery() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startPlain()) {
            PaosServiceProvider a = node(own);
            PaosServiceProvider b = node(own);
            PaosRequest issuedBefore = a.challenge(Optional.empty());
            byte[] answer = loginAtIdp(issuedBefore);

            own.stop();
            assertThatThrownBy(() -> a.challenge(Optional.empty())).isInstanceOf(EcpException.class)
                    .extracting(e -> ((EcpException) e).error()).isEqualTo(EcpError.STATE_STORE_UNAVAILABLE);
            assertThatThrownBy(() -> b.consume(answer)).isInstanceOf(EcpException.class)
                    .extracting(e -> ((EcpException) e).error()).isEqualTo(EcpError.STATE_STORE_UNAVAILABLE);

            own.start();
            Thread.sleep(300);
            PaosRequest issuedAfter = a.challenge(Optional.empty());
            assertThat(b.consume(loginAtIdp(issuedAfter)).identity().nameId().value()).isEqualTo("alice");
        }
    }

    /** The client's part: the AuthnRequest alone to the IdP with Basic, its Response back in a PAOS response. */
    private static byte[] loginAtIdp(PaosRequest challenge) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(idp.ssoUrl()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml").header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("alice:alicepw".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(IdpRequest.of(challenge.authnRequest()).toBytes()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        IdpResponse answer = IdpResponse.parse(reply.body(), PARSER);
        return PaosResponse.of(challenge, answer.response().orElseThrow()).toBytes();
    }
}
