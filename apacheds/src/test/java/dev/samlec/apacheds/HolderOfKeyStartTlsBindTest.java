package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.TlsChannelBinding;
import dev.samlec.testkit.DemoTls;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
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
 * SAML20EC-PLUS with holder-of-key after StartTLS with a TLS client certificate, through the Apache LDAP API: the
 * assertion is bound both to the TLS connection (channel binding) and to the client's key (holder-of-key).
 */
@Timeout(120)
class HolderOfKeyStartTlsBindTest {
    @TempDir
    static Path dir;
    private static HolderOfKeyFixture hok;

    @BeforeAll
    static void start() throws Exception {
        hok = new HolderOfKeyFixture(dir, false);
    }

    @AfterAll
    static void stop() {
        hok.close();
    }

    private static LdapNetworkConnection startTls(KeyStore onConnection) throws Exception {
        LdapConnectionConfig config = new LdapConnectionConfig();
        config.setLdapHost("127.0.0.1");
        config.setLdapPort(hok.listener.port());
        config.setTrustManagers(hok.listener.trustManagers());
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(onConnection, DemoTls.password());
        config.setKeyManagers(keys.getKeyManagers());
        config.setTimeout(30_000);
        LdapNetworkConnection connection = new LdapNetworkConnection(config);
        connection.connect();
        connection.startTls();
        return connection;
    }

    private static BindResponse bind(LdapNetworkConnection connection) throws Exception {
        Map<String, Object> props = Map.of(SamlecSasl.IDPS, List.of(hok.idpEndpoint()),
                SamlecSasl.HOLDER_OF_KEY, IdpCredentials.clientCertificate(hok.alice, DemoTls.password()),
                SamlecSasl.CHANNEL_BINDING, TlsChannelBinding.forClient(connection.getSslSession()));
        return SaslBindLoop.bind(connection, SamlecSasl.SAML20EC_PLUS, null, props, null);
    }

    @Test
    void bindWhenSameKeyOnConnectionThenWhoAmIIsAlice() throws Exception {
        try (LdapNetworkConnection connection = startTls(hok.alice)) {
            BindResponse response = bind(connection);

            assertThat(response.getLdapResult().getResultCode()).as(response.getLdapResult().getDiagnosticMessage())
                    .isEqualTo(ResultCodeEnum.SUCCESS);
            assertThat(WhoAmI.of(connection)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
        }
    }

    @Test
    void bindWhenOtherKeyOnConnectionThenRefusedNamingHolderOfKey() throws Exception {
        try (LdapNetworkConnection connection = startTls(hok.tls.clientKeyStore("alice"))) {
            BindResponse response = bind(connection);

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
            assertThat(response.getLdapResult().getDiagnosticMessage()).contains("invalid_subject_confirmation")
                    .contains("holder-of-key: the TLS client certificate's key sha256:");
            assertThat(WhoAmI.of(connection)).isEmpty();
        }
    }
}
