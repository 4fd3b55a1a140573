package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.testing.HostileXml;
import dev.samlec.sasl.SamlecSasl;
import java.util.List;
import java.util.Map;
import org.apache.directory.api.ldap.model.message.BindRequestImpl;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 at the ApacheDS entry point, through a real server: hostile SASL messages from an unauthenticated client
 * end the bind with result 49 and a samlec code, and the server's worker threads keep serving binds.
 */
@Timeout(120)
class HostileBindTest {
    private static LdapFixture ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static LdapNetworkConnection connect() {
        LdapNetworkConnection connection = new LdapNetworkConnection("127.0.0.1", ldap.directory.port());
        connection.setTimeOut(30_000);
        return connection;
    }

    private static BindResponse send(LdapNetworkConnection connection, byte[] message) throws Exception {
        return connection.bind(new BindRequestImpl().setSimple(false).setSaslMechanism(SamlecSasl.SAML20EC)
                .setName("").setCredentials(message));
    }

    @Test
    void bindWhenResponseNestedThousandsDeepThenInvalidCredentialsXmlTooDeepAndServerStillBinds() throws Exception {
        assertResponseRefusedWith(HostileXml.deepEnvelope(), "xml_too_deep");
        assertGenuineBindStillWorks();
    }

    @Test
    void bindWhenResponseDeclaresThousandsOfNamespacesThenInvalidCredentialsWithCodeAndServerStillBinds()
            throws Exception {
        assertResponseRefusedWith(HostileXml.namespaceFloodEnvelope(8000), "xml_too_complex");
        assertGenuineBindStillWorks();
    }

    /** A genuine first message, then {@code response} as the answer to the challenge: result 49 naming {@code code}. */
    private static void assertResponseRefusedWith(byte[] response, String code) throws Exception {
        try (LdapNetworkConnection connection = connect()) {
            BindResponse challenge = send(connection, initialResponse());
            assertThat(challenge.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SASL_BIND_IN_PROGRESS);

            BindResponse refused = send(connection, response);

            assertThat(refused.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
            assertThat(refused.getLdapResult().getDiagnosticMessage()).contains(code);
            assertThat(connection.isAuthenticated()).isFalse();
        }
    }

    @Test
    void bindWhenInitialResponseIsGarbageThenInvalidCredentialsWithCode() throws Exception {
        try (LdapNetworkConnection connection = connect()) {
            BindResponse refused = send(connection, new byte[] {(byte) 0xff, 0, 'x', ',', ','});

            assertThat(refused.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.INVALID_CREDENTIALS);
            assertThat(refused.getLdapResult().getDiagnosticMessage()).contains("malformed_gs2_header");
        }
        assertGenuineBindStillWorks();
    }

    /** A genuine client's first message. */
    private static byte[] initialResponse() throws Exception {
        return javax.security.sasl.Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "ldap",
                "127.0.0.1", Map.of(SamlecSasl.IDPS, List.of(ldap.endpoint())), null).evaluateChallenge(new byte[0]);
    }

    private static void assertGenuineBindStillWorks() throws Exception {
        try (LdapNetworkConnection connection = connect()) {
            Map<String, Object> props = Map.of(SamlecSasl.IDPS, List.of(ldap.endpoint().withCredentials(
                    IdpCredentials.basic("bob", "bobpw".toCharArray()))));
            BindResponse response = SaslBindLoop.bind(connection, SamlecSasl.SAML20EC, null, props, null);

            assertThat(response.getLdapResult().getResultCode()).isEqualTo(ResultCodeEnum.SUCCESS);
        }
    }
}
