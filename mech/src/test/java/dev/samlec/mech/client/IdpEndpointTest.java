package dev.samlec.mech.client;

import static dev.samlec.mech.message.Samples.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdpEndpointTest {
    private static final URI HTTPS = URI.create("https://idp.example/idp/profile/SAML2/SOAP/ECP");
    private static final URI HTTP = URI.create("http://127.0.0.1:8080/realms/ecp/protocol/saml");

    @Test
    void buildWhenHttpsWithPinnedCertificateThenDefaults() throws Exception {
        TestTls.Identity idp = TestTls.selfSigned("idp.example", "dns:idp.example");
        IdpEndpoint endpoint = IdpEndpoint.builder("urn:idp", HTTPS)
                .pinnedCertificates(List.of(idp.certificate())).build();
        assertThat(endpoint.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(endpoint.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(endpoint.trust()).containsInstanceOf(TlsTrust.Pinned.class);
        assertThat(endpoint.credentials()).isInstanceOf(IdpCredentials.None.class);
    }

    @Test
    void buildWhenHttpWithoutAllowInsecureThenConfigurationError() {
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp", HTTP).build());
    }

    @Test
    void buildWhenNegotiateOverHttpWithoutAllowInsecureThenConfigurationErrorLikeBasic() throws Exception {
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp", HTTP)
                .credentials(IdpCredentials.negotiate(new javax.security.auth.Subject())).build());
        assertThat(IdpEndpoint.builder("urn:idp", HTTP).allowInsecureHttp(true)
                .credentials(IdpCredentials.negotiateFromTicketCache()).build().credentials())
                .as("only with the explicit opt-in").isInstanceOf(IdpCredentials.Negotiate.class);
    }

    @Test
    void buildWhenHttpAllowedThenNoTrustNeeded() throws EcpConfigurationException {
        assertThat(IdpEndpoint.builder("urn:idp", HTTP).allowInsecureHttp(true).build().trust()).isEmpty();
    }

    @Test
    void buildWhenHttpsWithoutAnyTrustThenConfigurationError() {
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp", HTTPS).build());
    }

    @Test
    void buildWhenSystemTrustChosenExplicitlyThenAccepted() throws EcpConfigurationException {
        assertThat(IdpEndpoint.builder("urn:idp", HTTPS).useSystemTrust().build().trust())
                .contains(TlsTrust.system());
    }

    @Test
    void buildWhenClientCertificateOverHttpThenConfigurationError() throws Exception {
        TestTls.Identity user = TestTls.selfSigned("alice");
        IdpCredentials cert = IdpCredentials.clientCertificate(user.keyStore(), TestTls.PASSWORD);
        assertError(EcpError.INVALID_CONFIGURATION,
                () -> IdpEndpoint.builder("urn:idp", HTTP).allowInsecureHttp(true).credentials(cert).build());
    }

    @Test
    void buildWhenBadTimeoutsOrUrlOrSizeThenConfigurationError() {
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp", HTTPS).useSystemTrust()
                .connectTimeout(Duration.ZERO).build());
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp", HTTPS).useSystemTrust()
                .responseTimeout(Duration.ofSeconds(-1)).build());
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp", URI.create("/relative"))
                .useSystemTrust().build());
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp",
                URI.create("ftp://idp.example/x")).useSystemTrust().build());
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder(" ", HTTPS).useSystemTrust().build());
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpEndpoint.builder("urn:idp", HTTPS).useSystemTrust()
                .maxResponseBytes(0).build());
    }

    @Test
    void basicWhenUserHasColonThenConfigurationError() {
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpCredentials.basic("a:b", "pw".toCharArray()));
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpCredentials.basic("", "pw".toCharArray()));
    }

    @Test
    void basicWhenPrintedOrDestroyedThenPasswordNotExposed() throws Exception {
        char[] password = "s3cret".toCharArray();
        IdpCredentials.Basic basic = IdpCredentials.basic("alice", password);
        password[0] = 'X';
        assertThat(basic.password()).containsExactly("s3cret".toCharArray());
        IdpEndpoint endpoint = IdpEndpoint.builder("urn:idp", HTTP).allowInsecureHttp(true).credentials(basic)
                .build();
        assertThat(basic.toString() + endpoint).doesNotContain("s3cret").contains("alice");
        basic.destroy();
        assertThat(basic.password()).containsOnly('\0');
    }

    @Test
    void clientCertificateWhenKeyStoreHasNoKeyThenConfigurationError() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertError(EcpError.INVALID_CONFIGURATION, () -> IdpCredentials.clientCertificate(empty, new char[0]));
        TestTls.Identity user = TestTls.selfSigned("alice");
        assertError(EcpError.INVALID_CONFIGURATION,
                () -> IdpCredentials.clientCertificate(user.keyStore(), TestTls.PASSWORD, "missing"));
        assertThat(IdpCredentials.clientCertificate(user.keyStore(), TestTls.PASSWORD, "key").alias())
                .contains("key");
    }
}
