package dev.samlec.mech.client;

import static dev.samlec.mech.client.Fixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.Samples;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS to the IdP: pinned leaf or CA accepted, anything else refused, host names checked, client certificates. */
class IdpClientTlsTest {
    private static TestTls.Identity server;
    private static TestTls.Identity stranger;
    private StubServer idp;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestTls.selfSigned("idp.test", "ip:127.0.0.1", "dns:localhost");
        stranger = TestTls.selfSigned("stranger.test", "ip:127.0.0.1");
    }

    @AfterEach
    void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    private IdpEndpoint.Builder endpoint() throws Exception {
        return IdpEndpoint.builder(Samples.IDP_ENTITY_ID, idp.uri("/sso")).credentials(Fixtures.basic())
                .connectTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(10));
    }

    private void serve(TestTls.Identity identity, boolean needClientAuth, List<X509Certificate> clients)
            throws Exception {
        idp = StubServer.https(identity.serverContext(clients), needClientAuth);
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
    }

    private static Object outcome(IdpEndpoint endpoint) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (IdpClient client = new IdpClient(endpoint)) {
                return client.send(Fixtures.idpRequest());
            } catch (EcpException e) {
                return e;
            }
        });
    }

    @Test
    void sendWhenServerCertificatePinnedThenAccepted() throws Exception {
        serve(server, false, List.of());
        Object result = outcome(endpoint().pinnedCertificates(List.of(server.certificate())).build());
        assertThat(result).isInstanceOf(IdpResponse.class);
        assertThat(idp.requests().get(0).header("Authorization")).startsWith("Basic ");
    }

    @Test
    void sendWhenOtherCertificatePinnedThenTlsFailureAndNoCredentialsSent() throws Exception {
        serve(server, false, List.of());
        Object result = outcome(endpoint().pinnedCertificates(List.of(stranger.certificate())).build());
        assertThat(result).isInstanceOf(EcpException.class);
        assertThat(((EcpException) result).error()).isEqualTo(EcpError.IDP_TLS_FAILURE);
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void sendWhenSystemTrustAndSelfSignedServerThenTlsFailure() throws Exception {
        serve(server, false, List.of());
        Object result = outcome(endpoint().useSystemTrust().build());
        assertThat(((EcpException) result).error()).isEqualTo(EcpError.IDP_TLS_FAILURE);
    }

    @Test
    void sendWhenIssuingCaPinnedThenAccepted() throws Exception {
        TestTls.Identity ca = TestTls.authority("Test CA");
        serve(TestTls.issuedBy(ca, "idp.test", "ip:127.0.0.1"), false, List.of());
        assertThat(outcome(endpoint().pinnedCertificates(List.of(ca.certificate())).build()))
                .isInstanceOf(IdpResponse.class);
    }

    @Test
    void sendWhenPinnedCertificateIsForAnotherHostThenTlsFailure() throws Exception {
        TestTls.Identity wrongHost = TestTls.selfSigned("other.example", "dns:other.example");
        serve(wrongHost, false, List.of());
        Object result = outcome(endpoint().pinnedCertificates(List.of(wrongHost.certificate())).build());
        assertThat(((EcpException) result).error()).isEqualTo(EcpError.IDP_TLS_FAILURE);
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void sendWhenDedicatedTrustStoreHoldsTheCertificateThenAccepted() throws Exception {
        serve(server, false, List.of());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("idp", server.certificate());
        assertThat(outcome(endpoint().trustStore(trust).build())).isInstanceOf(IdpResponse.class);
    }

    @Test
    void sendWhenServerRequiresClientCertificateThenItIsPresented() throws Exception {
        TestTls.Identity user = TestTls.selfSigned("alice");
        serve(server, true, List.of(user.certificate()));
        IdpEndpoint endpoint = endpoint().pinnedCertificates(List.of(server.certificate()))
                .credentials(IdpCredentials.clientCertificate(user.keyStore(), TestTls.PASSWORD)).build();

        assertThat(outcome(endpoint)).isInstanceOf(IdpResponse.class);
        StubServer.Request seen = idp.requests().get(0);
        assertThat(seen.clientCertificates()).first().isEqualTo(user.certificate());
        assertThat(seen.header("Authorization")).isNull();
    }

    @Test
    void sendWhenServerRequiresClientCertificateAndNoneGivenThenTransportFailure() throws Exception {
        TestTls.Identity user = TestTls.selfSigned("alice");
        serve(server, true, List.of(user.certificate()));
        Object result = outcome(endpoint().pinnedCertificates(List.of(server.certificate())).build());
        assertThat(result).isInstanceOf(EcpException.class);
        assertThat(((EcpException) result).error()).isIn(EcpError.IDP_TLS_FAILURE, EcpError.IDP_UNREACHABLE);
        assertThat(idp.requests()).isEmpty();
    }
}
