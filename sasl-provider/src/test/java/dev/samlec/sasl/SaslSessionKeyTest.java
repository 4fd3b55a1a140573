package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import javax.security.auth.kerberos.EncryptionKey;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session keys (draft section 5.3) end to end with the demo IdP, which issues a samlec:GeneratedKey in its header
 * and in the encrypted assertion's Advice to SPs that registered an encryption certificate: both sides derive the
 * same key for the enctype the client chose, the header copy never reaches the server, and the acceptor can require
 * a key.
 */
class SaslSessionKeyTest {
    private static final String SP32 = "https://ldap.localhost/samlec-key32";
    private static final String SP16 = "https://ldap.localhost/samlec-key16";
    private static final String SP_NO_ENCRYPTION = SaslFixture.SP_ENTITY_ID;
    private static SaslFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
        fixture.idp.registerServiceProvider(ServiceProviderRegistration.builder(SP32)
                .acsUrls(List.of(SaslFixture.SERVICE))
                .encryptionCertificate(TestCredentials.spEncryption().certificate()).build());
        fixture.idp.registerServiceProvider(ServiceProviderRegistration.builder(SP16)
                .acsUrls(List.of(SaslFixture.SERVICE)).generatedKeyBytes(16)
                .encryptionCertificate(TestCredentials.spEncryption().certificate()).build());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static SamlecAcceptor acceptor(String entityId, Consumer<SamlecAcceptor.Builder> options)
            throws Exception {
        return fixture.acceptor(s -> s.entityId(entityId).decryptionKeys(List.of(TestCredentials.spEncryption())),
                options);
    }

    private static byte[] encoded(Object key) {
        return ((EncryptionKey) key).getEncoded();
    }

    @Test
    void exchangeWhenIdpIssues32BytesThenBothSidesHoldTheSameEnctype18Key() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor(SP32, a -> a.sessionKeyEncTypes(List.of(17, 18))));

        byte[] response = SaslFixture.run(client, server);

        EncryptionKey clientKey = (EncryptionKey) client.getNegotiatedProperty(SamlecSasl.SESSION_KEY);
        EncryptionKey serverKey = (EncryptionKey) server.getNegotiatedProperty(SamlecSasl.SESSION_KEY);
        assertThat(clientKey.getKeyType()).isEqualTo(18);
        assertThat(serverKey.getKeyType()).isEqualTo(18);
        assertThat(clientKey.getEncoded()).hasSize(32).isEqualTo(serverKey.getEncoded());
        assertThat(PaosResponse.parse(response, new SecureXmlParser(1 << 18)).sessionKeyEncType()).contains(18);
    }

    @Test
    void exchangeWhenIdpIssues16BytesThenEnctype17Chosen() throws Exception {
        SaslClient client = fixture.client("bob", "bobpw");
        SaslServer server = fixture.server(acceptor(SP16, a -> a.sessionKeyEncTypes(List.of(18, 17))));

        SaslFixture.run(client, server);

        assertThat(((EncryptionKey) client.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).getKeyType()).isEqualTo(17);
        assertThat(encoded(client.getNegotiatedProperty(SamlecSasl.SESSION_KEY))).hasSize(16)
                .isEqualTo(encoded(server.getNegotiatedProperty(SamlecSasl.SESSION_KEY)));
    }

    @Test
    void exchangeWhenKeyIssuedThenHeaderCopyNeverReachesServer() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor(SP32, a -> a.sessionKeyEncTypes(List.of(18))));

        byte[] response = SaslFixture.run(client, server);

        String text = new String(response, StandardCharsets.UTF_8);
        byte[] key = encoded(client.getNegotiatedProperty(SamlecSasl.SESSION_KEY));
        assertThat(text).doesNotContain("GeneratedKey")
                .doesNotContain(Base64.getEncoder().encodeToString(key));
    }

    @Test
    void exchangeWhenOnlyEnctypeThatDoesNotFitOfferedThenClientRefusesWithSessionKeyMismatch() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor(SP32, a -> a.sessionKeyEncTypes(List.of(17))));
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("session_key_mismatch: ").hasMessageContaining("32-byte")
                .hasMessageContaining("[17]");
    }

    @Test
    void exchangeWhenKeyRequiredButSpHasNoEncryptionThenServerRefuses() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor(SP_NO_ENCRYPTION, a -> a.sessionKeyEncTypes(List.of(18, 17))
                .requireSessionKey(true)));

        assertThatThrownBy(() -> SaslFixture.run(client, server)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("session_key_mismatch: ").hasMessageContaining("the client received none")
                .hasMessageContaining("no key either");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void exchangeWhenKeyRequiredAndIssuedThenAccepted() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor(SP32, a -> a.sessionKeyEncTypes(List.of(18))
                .requireSessionKey(true)));

        SaslFixture.run(client, server);

        assertThat(server.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isInstanceOf(EncryptionKey.class);
    }

    @Test
    void exchangeWhenNothingOfferedThenNoKeyOnEitherSide() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor(SP32, a -> { }));

        SaslFixture.run(client, server);

        assertThat(client.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
        assertThat(server.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
    }

    @Test
    void disposeWhenCompleteThenBothKeysDestroyed() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor(SP32, a -> a.sessionKeyEncTypes(List.of(18))));
        SaslFixture.run(client, server);
        EncryptionKey clientKey = (EncryptionKey) client.getNegotiatedProperty(SamlecSasl.SESSION_KEY);
        EncryptionKey serverKey = (EncryptionKey) server.getNegotiatedProperty(SamlecSasl.SESSION_KEY);

        client.dispose();
        server.dispose();

        assertThat(clientKey.isDestroyed()).isTrue();
        assertThat(serverKey.isDestroyed()).isTrue();
    }

    @Test
    void acceptorWhenKeyRequiredWithoutOfferOrDecryptionKeyThenRefusedAtBuild() {
        assertThatThrownBy(() -> acceptor(SP32, a -> a.requireSessionKey(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionKeyEncTypes");
        assertThatThrownBy(() -> fixture.acceptor(s -> { }, a -> a.sessionKeyEncTypes(List.of(18))
                .requireSessionKey(true))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decryption key");
    }
}
