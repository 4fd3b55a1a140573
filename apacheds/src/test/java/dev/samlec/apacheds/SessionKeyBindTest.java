package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.kerberos.EncryptionKey;
import javax.security.sasl.SaslServer;
import org.apache.directory.api.ldap.model.message.BindRequest;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.apache.directory.server.ldap.LdapSession;
import org.apache.directory.server.ldap.handlers.sasl.MechanismHandler;
import org.apache.directory.server.ldap.handlers.sasl.SaslConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A SAML20EC LDAP bind through a real ApacheDS and the demo IdP, which encrypts the assertion and issues a
 * session key: the client's and the server's {@code dev.samlec.sasl.sessionKey} hold the same bytes, of the
 * enctype the client chose, and the server's is destroyed when ApacheDS cleans up after the bind.
 */
@Timeout(120)
class SessionKeyBindTest {
    private static final String SP = "https://ldap.test/samlec-keys";
    private static DemoDirectory directory;
    private static DemoIdp idp;
    private static final AtomicReference<byte[]> SERVER_KEY = new AtomicReference<>();
    private static final AtomicReference<EncryptionKey> SERVER_KEY_OBJECT = new AtomicReference<>();
    private static final AtomicReference<Integer> SERVER_KEY_TYPE = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start();
        idp = DemoIdp.builder().directory(directory).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(LdapFixture.SERVICE))
                .encryptionCertificate(TestCredentials.spEncryption().certificate()).build());
        SamlecAcceptor acceptor = SamlecAcceptor.builder(ServiceProviderSettings.builder().entityId(SP)
                .assertionConsumerServiceUrl(LdapFixture.SERVICE)
                .decryptionKeys(List.of(TestCredentials.spEncryption()))
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()))).build())
                .sessionKeyEncTypes(List.of(17, 18)).requireSessionKey(true).build();
        SamlecLdapMechanisms.install(directory.ldapServer(), acceptor,
                IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
        Saml20EcMechanismHandler samlec = new Saml20EcMechanismHandler(SamlecSasl.SAML20EC, acceptor,
                IdentityMapping.byUid(new Dn(DemoDirectory.PEOPLE_DN)));
        directory.ldapServer().addSaslMechanismHandler(SamlecSasl.SAML20EC, new KeyCapturingHandler(samlec));
        SamlecLdapMechanisms.installWhoAmI(directory.ldapServer());
    }

    @AfterAll
    static void stop() {
        idp.close();
        directory.close();
        SamlecSaslProvider.uninstall();
    }

    /** samlec's handler, reading the server's session key when ApacheDS cleans up after the bind. */
    private record KeyCapturingHandler(MechanismHandler delegate) implements MechanismHandler {
        @Override
        public SaslServer handleMechanism(LdapSession session, BindRequest request) throws Exception {
            return delegate.handleMechanism(session, request);
        }

        @Override
        public void init(LdapSession session) {
            delegate.init(session);
        }

        @Override
        public void cleanup(LdapSession session) {
            SaslServer server = (SaslServer) session.getSaslProperty(SaslConstants.SASL_SERVER);
            if (server != null && server.isComplete()) {
                EncryptionKey key = (EncryptionKey) server.getNegotiatedProperty(SamlecSasl.SESSION_KEY);
                SERVER_KEY_OBJECT.set(key);
                SERVER_KEY.set(key == null ? null : key.getEncoded());
                SERVER_KEY_TYPE.set(key == null ? null : key.getKeyType());
            }
            delegate.cleanup(session);
        }
    }

    @Test
    void bindWhenIdpIssuesKeyThenClientAndServerHoldTheSameSessionKey() throws Exception {
        AtomicReference<EncryptionKey> clientKey = new AtomicReference<>();
        AtomicReference<byte[]> clientBytes = new AtomicReference<>();
        AtomicReference<Integer> clientType = new AtomicReference<>();
        try (LdapNetworkConnection connection = new LdapNetworkConnection("127.0.0.1", directory.port())) {
            connection.setTimeOut(30_000);
            BindResponse response = SaslBindLoop.bind(connection, SamlecSasl.SAML20EC, null,
                    Map.of(SamlecSasl.IDPS, List.of(IdpEndpoint.builder(idp.entityId(),
                            idp.ssoUrl()).allowInsecureHttp(true).credentials(IdpCredentials
                            .basic("alice", "alicepw".toCharArray())).build())), null,
                    client -> {
                        EncryptionKey key = (EncryptionKey) client.getNegotiatedProperty(SamlecSasl.SESSION_KEY);
                        clientKey.set(key);
                        clientBytes.set(key.getEncoded());
                        clientType.set(key.getKeyType());
                    });

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SUCCESS);
            assertThat(WhoAmI.of(connection)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
        }
        assertThat(clientType.get()).isEqualTo(18);
        assertThat(clientBytes.get()).hasSize(32).isEqualTo(SERVER_KEY.get());
        assertThat(SERVER_KEY_TYPE.get()).isEqualTo(18);
        assertThat(SERVER_KEY_OBJECT.get().isDestroyed()).as("ApacheDS's cleanup disposes the server").isTrue();
        assertThat(clientKey.get().isDestroyed()).as("the loop disposes the client").isTrue();
    }
}
