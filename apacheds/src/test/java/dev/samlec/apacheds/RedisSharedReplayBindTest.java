package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ReplayCache;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.redis.RedisLoginStore;
import dev.samlec.redis.RedisSettings;
import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import org.apache.directory.api.ldap.model.message.BindRequestImpl;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real ApacheDS servers of one LDAP service, each with samlec's SAML20EC mechanism and its own connection to one
 * real Redis, sharing the replay cache there. A SAML20EC bind completes at the first; the same client messages,
 * replayed at the second, are refused with result 49 and {@code replayed_assertion}. To leave the replay cache as the
 * only check between them, both servers draw their request IDs from one repeating random source, so the second
 * issues the very ID the captured Response answers (a collision that a real service's random IDs make unlikely, and
 * that the shared replay cache must still catch); a server keeping its replay cache in memory accepts the replay,
 * which shows it is Redis that refuses it. With its Redis stopped, a server refuses every bind with
 * {@code state_store_unavailable}, and binds again once Redis is back.
 */
@Timeout(180)
class RedisSharedReplayBindTest {
    private static final String SERVICE = "ldap@127.0.0.1";
    private static final String ENTITY = "https://ldap.test/samlec";
    private static final List<RedisLoginStore> STORES = new ArrayList<>();
    private static RedisServerProcess redis;
    private static DemoDirectory first;
    private static DemoDirectory second;
    private static DemoIdp idp;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.startPlain();
        first = DemoDirectory.start();
        second = DemoDirectory.start();
        idp = DemoIdp.builder().directory(first).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(ENTITY).acsUrls(List.of(SERVICE))
                .signingCertificate(TestCredentials.spSigning().certificate()).build());
        install(first, sharedCache());
        install(second, sharedCache());
    }

    @AfterAll
    static void stop() throws Exception {
        SamlecSaslProvider.uninstall();
        STORES.forEach(RedisLoginStore::close);
        idp.close();
        second.close();
        first.close();
        redis.close();
    }

    /** A replay cache on the shared Redis, through a connection of its own (as another server process has). */
    private static ReplayCache sharedCache() throws Exception {
        RedisLoginStore store = new RedisLoginStore(RedisSettings.builder(redis.uri()).keyPrefix("samlec:ldap.test:")
                .connectTimeout(Duration.ofSeconds(2)).build(), Clock.systemUTC());
        STORES.add(store);
        return store.replayCache();
    }

    /** samlec on {@code directory}'s plain listener, with this replay cache and repeating request IDs. */
    private static void install(DemoDirectory directory, ReplayCache cache) throws Exception {
        SamlecAcceptor acceptor = SamlecAcceptor.builder(ServiceProviderSettings.builder().entityId(ENTITY)
                .assertionConsumerServiceUrl(SERVICE).signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate())))
                .secureRandom(new RepeatingRandom()).replayCache(cache).build()).build();
        SamlecLdapMechanisms.install(directory.ldapServer(), acceptor,
                IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
    }

    @Test
    void bindWhenAssertionUsedAtOneDirectoryThenRefusedAsReplayedAtTheOther() throws Exception {
        List<byte[]> messages = new ArrayList<>();
        BindResponse atFirst = bindRecording(first, "alice", messages);
        assertThat(atFirst.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SUCCESS);

        BindResponse atSecond = replay(second, messages);

        assertThat(atSecond.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
        assertThat(atSecond.getLdapResult().getDiagnosticMessage()).contains("replayed_assertion");
        assertThat(replay(first, messages).getLdapResult().getDiagnosticMessage()).contains("replayed_assertion");
    }

    @Test
    void bindWhenReplayedAtADirectoryWithItsOwnMemoryCacheThenAcceptedSoRedisIsWhatRefuses() throws Exception {
        List<byte[]> messages = new ArrayList<>();
        assertThat(bindRecording(first, "bob", messages).getLdapResult().getResultCode())
                .isEqualTo(ResultCodeEnum.SUCCESS);
        try {
            install(second, new dev.samlec.mech.service.InMemoryReplayCache(Clock.systemUTC()));

            assertThat(replay(second, messages).getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SUCCESS);
        } finally {
            install(second, sharedCache());
        }
    }

    @Test
    void bindWhenRedisDownThenInvalidCredentialsStateStoreUnavailableAndAfterItReturnsSuccess() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startPlain()) {
            RedisLoginStore store = new RedisLoginStore(RedisSettings.builder(own.uri()).keyPrefix("samlec:down:")
                    .connectTimeout(Duration.ofMillis(500)).reconnectInterval(Duration.ofMillis(100)).build(),
                    Clock.systemUTC());
            STORES.add(store);
            install(second, store.replayCache());
            try {
                own.stop();

                BindResponse refused = bindRecording(second, "alice", new ArrayList<>());

                assertThat(refused.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
                assertThat(refused.getLdapResult().getDiagnosticMessage()).contains("state_store_unavailable");

                own.start();
                Thread.sleep(300);
                assertThat(bindRecording(second, "alice", new ArrayList<>()).getLdapResult().getResultCode())
                        .isEqualTo(ResultCodeEnum.SUCCESS);
            } finally {
                install(second, sharedCache());
            }
        }
    }

    @Test
    void bindWhenGenuineAtEitherDirectoryThenEachSucceeds() throws Exception {
        assertThat(bindRecording(first, "carol", new ArrayList<>()).getLdapResult().getResultCode())
                .isEqualTo(ResultCodeEnum.SUCCESS);
        assertThat(bindRecording(second, "carol", new ArrayList<>()).getLdapResult().getResultCode())
                .isEqualTo(ResultCodeEnum.SUCCESS);
    }

    /** A genuine SAML20EC bind as {@code user}, recording the client's messages. */
    private static BindResponse bindRecording(DemoDirectory directory, String user, List<byte[]> messages)
            throws Exception {
        IdpEndpoint endpoint = IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true).build()
                .withCredentials(IdpCredentials.basic(user, (user + "pw").toCharArray()));
        SaslClient client = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "ldap", "127.0.0.1",
                Map.of(SamlecSasl.IDPS, List.of(endpoint)), null);
        try (LdapNetworkConnection connection = connect(directory)) {
            byte[] message = client.evaluateChallenge(new byte[0]);
            for (int round = 0; round < 10; round++) {
                messages.add(message);
                BindResponse response = send(connection, message);
                if (response.getLdapResult().getResultCode() != ResultCodeEnum.SASL_BIND_IN_PROGRESS) {
                    return response;
                }
                byte[] challenge = response.getServerSaslCreds();
                message = client.evaluateChallenge(challenge == null ? new byte[0] : challenge);
            }
            throw new IllegalStateException("the bind did not end within 10 rounds");
        } finally {
            client.dispose();
        }
    }

    /** The recorded client messages, sent again in order to {@code directory}; the last BindResponse. */
    private static BindResponse replay(DemoDirectory directory, List<byte[]> messages) throws Exception {
        try (LdapNetworkConnection connection = connect(directory)) {
            BindResponse response = null;
            for (byte[] message : messages) {
                response = send(connection, message);
                if (response.getLdapResult().getResultCode() != ResultCodeEnum.SASL_BIND_IN_PROGRESS) {
                    return response;
                }
            }
            return response;
        }
    }

    private static LdapNetworkConnection connect(DemoDirectory directory) {
        LdapNetworkConnection connection = new LdapNetworkConnection("127.0.0.1", directory.port());
        connection.setTimeOut(30_000);
        return connection;
    }

    private static BindResponse send(LdapNetworkConnection connection, byte[] message) throws Exception {
        return connection.bind(new BindRequestImpl().setSimple(false).setSaslMechanism(SamlecSasl.SAML20EC)
                .setName("").setCredentials(message));
    }

    /** The same bytes on every call: every exchange of both servers issues the same request ID. Tests only. */
    private static final class RepeatingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0x5a);
        }
    }
}
