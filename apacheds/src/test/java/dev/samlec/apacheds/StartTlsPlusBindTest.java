package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.TlsChannelBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.ldap.client.api.LdapConnectionConfig;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAML20EC-PLUS through the Apache Directory LDAP API over StartTLS: the client takes the binding from its TLS
 * session ({@link TlsChannelBinding#forClient}) and binds with generic SASL BindRequests ({@link SaslBindLoop});
 * ApacheDS's handler takes its own from the StartTLS session.
 */
@Timeout(120)
class StartTlsPlusBindTest {
    @TempDir
    static Path dir;
    private static LdapFixture ldap;
    private static TlsListener startTls;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
        startTls = TlsListener.start(ldap, dir, false);
    }

    @AfterAll
    static void stop() {
        startTls.close();
        ldap.close();
    }

    private static LdapNetworkConnection connect(boolean tls) throws Exception {
        LdapConnectionConfig config = new LdapConnectionConfig();
        config.setLdapHost("127.0.0.1");
        config.setLdapPort(startTls.port());
        config.setTrustManagers(startTls.trustManagers());
        config.setTimeout(30_000);
        LdapNetworkConnection connection = new LdapNetworkConnection(config);
        connection.connect();
        if (tls) {
            connection.startTls();
        }
        return connection;
    }

    private static Map<String, Object> props(String user, String password, TlsChannelBinding binding)
            throws Exception {
        return Map.of(SamlecSasl.IDPS, List.of(ldap.endpoint().withCredentials(
                IdpCredentials.basic(user, password.toCharArray()))), SamlecSasl.CHANNEL_BINDING, binding);
    }

    @Test
    void plusAfterStartTlsWhenBindingMatchesThenWhoAmIIsEntry() throws Exception {
        try (LdapNetworkConnection connection = connect(true)) {
            TlsChannelBinding binding = TlsChannelBinding.forClient(connection.getSslSession());

            BindResponse response = SaslBindLoop.bind(connection, SamlecSasl.SAML20EC_PLUS, null,
                    props("alice", "alicepw", binding), null);

            assertThat(response.getLdapResult().getResultCode()).as(response.getLdapResult().getDiagnosticMessage())
                    .isEqualTo(ResultCodeEnum.SUCCESS);
            assertThat(WhoAmI.of(connection)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
        }
    }

    @Test
    void plusAfterStartTlsWhenClientBindsToAnotherCertificateThenRefused() throws Exception {
        try (LdapNetworkConnection connection = connect(true)) {
            // what a client behind a TLS-terminating attacker would see: another server certificate
            TlsChannelBinding other = TlsChannelBinding.tlsServerEndPoint(startTls.tls.caCertificate());

            // the demo IdP compares the client's binding with the one in the server's signed request, and the
            // client reports its refusal itself
            assertThatThrownBy(() -> SaslBindLoop.bind(connection, SamlecSasl.SAML20EC_PLUS, null,
                    props("alice", "alicepw", other), null)).hasMessageStartingWith("idp_request_denied: ")
                    .hasMessageContaining("channel bindings do not match");
            assertThat(connection.isAuthenticated()).isFalse();
        }
    }

    @Test
    void plusWithoutStartTlsThenRefusedForWantOfTls() throws Exception {
        try (LdapNetworkConnection connection = connect(false)) {
            // a binding the client made up: the server has no TLS session on this connection to compare it with
            TlsChannelBinding madeUp = TlsChannelBinding.tlsServerEndPoint(startTls.tls.serverCertificate());

            BindResponse response = SaslBindLoop.bind(connection, SamlecSasl.SAML20EC_PLUS, null,
                    props("alice", "alicepw", madeUp), null);

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
            assertThat(response.getLdapResult().getDiagnosticMessage()).contains("channel_binding_mismatch")
                    .contains("needs a TLS connection");
            assertThat(WhoAmI.of(connection)).isEmpty();
        }
    }

    @Test
    void plainMechanismAfterStartTlsWhenClientSaysServerCannotBindThenDowngradeRefused() throws Exception {
        try (LdapNetworkConnection connection = connect(true)) {
            TlsChannelBinding binding = TlsChannelBinding.forClient(connection.getSslSession());

            BindResponse response = SaslBindLoop.bind(connection, SamlecSasl.SAML20EC, null,
                    props("alice", "alicepw", binding), null);

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
            assertThat(response.getLdapResult().getDiagnosticMessage()).contains("channel_binding_downgrade");
        }
    }

    @Test
    void rootDseWhenStartTlsOfferedThenAdvertisesPlus() throws Exception {
        try (LdapNetworkConnection connection = connect(true)) {
            assertThat(SaslBindLoop.bind(connection, SamlecSasl.SAML20EC_PLUS, null, props("bob", "bobpw",
                    TlsChannelBinding.forClient(connection.getSslSession())), null).getLdapResult().getResultCode())
                    .isEqualTo(ResultCodeEnum.SUCCESS);
            Entry rootDse = connection.getRootDse("supportedSASLMechanisms", "supportedExtension");
            assertThat(rootDse.get("supportedSASLMechanisms").contains("SAML20EC", "SAML20EC-PLUS")).isTrue();
            assertThat(rootDse.get("supportedExtension").contains(WhoAmIOperation.OID,
                    "1.3.6.1.4.1.1466.20037")).isTrue();
            assertThat(startTls.server.getSaslMechanismHandlers()).containsKeys("SAML20EC", "SAML20EC-PLUS");
        }
    }
}
