package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.request;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.w3c.dom.Element;

/** TLS client-certificate login, through mech's IdpClient and through a JDK client that always shows its cert. */
class DemoIdpClientCertificateTest {
    private static DemoDirectory directory;
    private static DemoTls tls;
    private static DemoTls otherCa;
    private static DemoIdp idp;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start();
        tls = DemoTls.generate();
        otherCa = DemoTls.generate();
        idp = DemoIdp.builder().directory(directory).https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).start();
        idp.registerServiceProvider(SP, List.of(ACS));
    }

    @AfterAll
    static void stop() {
        idp.close();
        directory.close();
    }

    private static IdpClient idpClient(DemoIdp target, KeyStore clientKeys) throws Exception {
        return new IdpClient(IdpEndpoint.builder(target.entityId(), target.ssoUrl())
                .credentials(IdpCredentials.clientCertificate(clientKeys, DemoTls.password()))
                .trust(TlsTrust.pinned(List.of(tls.caCertificate()))).responseTimeout(Duration.ofSeconds(30))
                .build());
    }

    private static IdpRequest idpRequest(String id) throws Exception {
        byte[] authnRequest = XmlWriter.toBytes(XMLObjectSupport.marshall(SamlEcRequests.authnRequest(id, r -> { })));
        return IdpRequest.of(AuthnRequestBody.parse(authnRequest, SecureXmlParser.withDefaultLimit()));
    }

    private static Response response(IdpResponse answer) throws Exception {
        byte[] bytes = answer.response().orElseThrow().toBytes();
        Element root = SecureXmlParser.withDefaultLimit().parse(bytes, "response").getDocumentElement();
        return (Response) XMLObjectSupport.getUnmarshaller(root).unmarshall(root);
    }

    private static String authnContext(Assertion assertion) {
        return assertion.getAuthnStatements().get(0).getAuthnContext().getAuthnContextClassRef().getURI();
    }

    @Test
    void loginWhenTrustedClientCertificateThenIdpClientLogsInAsAliceWithoutPassword() throws Exception {
        try (IdpClient client = idpClient(idp, tls.clientKeyStore("alice"))) {
            Response response = response(client.send(idpRequest("_cert1")));

            Assertion assertion = response.getAssertions().get(0);
            assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("alice");
            assertThat(EcpTestSupport.values(assertion, DemoAttributes.GROUPS)).containsExactly("admins", "staff");
            assertThat(EcpTestSupport.values(assertion, DemoAttributes.MAIL)).containsExactly("alice@samlec.dev");
            assertThat(authnContext(assertion)).isEqualTo(DemoAttributes.TLS_CLIENT);
        }
    }

    @Test
    void loginWhenClientCertificateFromAnotherCaThenIdpClientGets401() throws Exception {
        try (IdpClient client = idpClient(idp, otherCa.clientKeyStore("alice"))) {
            assertThatThrownBy(() -> client.send(idpRequest("_cert2"))).isInstanceOf(EcpException.class)
                    .satisfies(e -> assertThat(((EcpException) e).error())
                            .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED))
                    .hasMessageContaining("401");
        }
    }

    @Test
    void loginWhenUntrustedCertificateShownAnywayThen401AndBasicStillWorks() throws Exception {
        HttpClient client = ClientTls.alwaysPresenting(otherCa.clientKeyStore("alice"), tls.caCertificate());

        HttpResponse<byte[]> anonymous = post(client, idp.ssoUrl(), request("_cert3"), null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"samlec demo IdP\"");

        Assertion bob = samlResponse(envelope(post(client, idp.ssoUrl(), request("_cert4"), "bob", "bobpw").body()))
                .getAssertions().get(0);
        assertThat(bob.getSubject().getNameID().getValue()).isEqualTo("bob");
        assertThat(authnContext(bob)).isEqualTo(DemoAttributes.PASSWORD_PROTECTED_TRANSPORT);
    }

    @Test
    void loginWhenTrustedCertificateAndBasicCredentialsThenTheCertificateWins() throws Exception {
        HttpClient client = ClientTls.alwaysPresenting(tls.clientKeyStore("carol"), tls.caCertificate());

        Assertion assertion = samlResponse(envelope(post(client, idp.ssoUrl(), request("_cert5"), "bob", "bobpw")
                .body())).getAssertions().get(0);
        assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("carol");
        assertThat(authnContext(assertion)).isEqualTo(DemoAttributes.TLS_CLIENT);
    }

    @Test
    void loginWhenCertificateUidUnknownThenAuthnFailedLikeAWrongPassword() throws Exception {
        HttpClient client = ClientTls.alwaysPresenting(tls.clientKeyStore("mallory"), tls.caCertificate());

        HttpResponse<byte[]> answer = post(client, idp.ssoUrl(), request("_cert6"), null, null);

        assertThat(answer.statusCode()).isEqualTo(200);
        Response response = samlResponse(envelope(answer.body()));
        assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.RESPONDER);
        assertThat(response.getStatus().getStatusCode().getStatusCode().getValue())
                .isEqualTo(StatusCode.AUTHN_FAILED);
        assertThat(response.getAssertions()).isEmpty();
    }

    @Test
    void loginWhenCertificateIsForServerAuthOnlyThen401() throws Exception {
        // The server certificate chains to the trusted CA (CN=localhost) but its extended key usage is serverAuth.
        HttpClient client = ClientTls.alwaysPresenting(tls.serverKeyStore(), tls.caCertificate());

        assertThat(post(client, idp.ssoUrl(), request("_cert7"), null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void loginWhenCertificateSubjectHasTwoCommonNamesThen401() throws Exception {
        HttpClient client = ClientTls.alwaysPresenting(tls.clientKeyStoreWithSubject("CN=alice,OU=people,CN=bob"),
                tls.caCertificate());

        assertThat(post(client, idp.ssoUrl(), request("_cert11"), null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void loginWhenCertificateCnLooksLikeADnThenNoOtherUserIsFound() throws Exception {
        HttpClient client = ClientTls.alwaysPresenting(tls.clientKeyStore("bob,ou=people,dc=samlec,dc=dev"),
                tls.caCertificate());

        Response response = samlResponse(envelope(post(client, idp.ssoUrl(), request("_cert12"), null, null).body()));
        assertThat(response.getStatus().getStatusCode().getStatusCode().getValue())
                .isEqualTo(StatusCode.AUTHN_FAILED);
    }

    @Test
    void loginWhenCertificateExpiredAtTheIdpClockThen401() throws Exception {
        Clock twoYearsLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(730));
        try (DemoIdp later = DemoIdp.builder().directory(directory).clock(twoYearsLater)
                .https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).start()) {
            later.registerServiceProvider(SP, List.of(ACS));
            HttpClient client = ClientTls.alwaysPresenting(tls.clientKeyStore("alice"), tls.caCertificate());

            assertThat(post(client, later.ssoUrl(), request("_cert8"), null, null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void loginWhenNoClientCertificateThenBasicAsBefore() throws Exception {
        HttpClient client = ClientTls.trusting(tls.caCertificate());

        assertThat(post(client, idp.ssoUrl(), request("_cert9"), null, null).statusCode()).isEqualTo(401);
        Assertion assertion = samlResponse(envelope(post(client, idp.ssoUrl(), request("_cert10"), "alice",
                "alicepw").body())).getAssertions().get(0);
        assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("alice");
    }
}
