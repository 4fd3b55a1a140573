package dev.samlec.mech.client;

import static dev.samlec.mech.client.Fixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.Samples;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way an IdP answer can go wrong maps to exactly one error code. */
class IdpClientErrorsTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private StubServer idp;

    @BeforeEach
    void start() throws Exception {
        idp = StubServer.http();
    }

    @AfterEach
    void stop() {
        release.countDown();
        idp.close();
    }

    private EcpException failure(IdpEndpoint endpoint) {
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (IdpClient client = new IdpClient(endpoint)) {
                client.send(Fixtures.idpRequest());
                return null;
            } catch (EcpException e) {
                return e;
            }
        });
        assertThat(thrown).as("the call must fail").isInstanceOf(EcpException.class);
        EcpException e = (EcpException) thrown;
        assertThat(e.getMessage()).doesNotContain(Fixtures.PASSWORD).doesNotContain("\n");
        return e;
    }

    private EcpException answer(StubServer.Reply reply) throws Exception {
        idp.on("/sso", r -> reply);
        return failure(Fixtures.httpIdp("urn:idp", idp.uri("/sso")).build());
    }

    @Test
    void sendWhenKeycloakWrongPasswordThenAuthenticationFailedNamingTheUser() throws Exception {
        EcpException e = answer(StubServer.Reply.of(200, SOAP, Fixtures.wrongPassword()));
        assertThat(e.error()).isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("user alice", "Responder/NoPassive");
    }

    @Test
    void sendWhenResponderWithoutBasicCredentialsThenRequestDenied() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.wrongPassword()));
        EcpException e = failure(Fixtures.httpIdp("urn:idp", idp.uri("/sso")).credentials(IdpCredentials.none())
                .build());
        assertThat(e.error()).isEqualTo(EcpError.IDP_REQUEST_DENIED);
    }

    @Test
    void sendWhenKeycloakWrongPasswordForCredentialsGivenAtTheChallengeThenAuthenticationFailed() throws Exception {
        // samlec curl asks the password only when a challenge comes: the endpoint itself carries no credentials,
        // the call carries them; Keycloak's vague refusal must still read as a wrong password
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.wrongPassword()));
        IdpEndpoint endpoint = Fixtures.httpIdp("urn:idp", idp.uri("/sso")).credentials(IdpCredentials.none()).build();

        try (IdpClient client = new IdpClient(endpoint)) {
            assertThatThrownBy(() -> client.send(Fixtures.idpRequest(), FetchBudget.UNLIMITED, Fixtures.basic(),
                    EcpExchangeRecorder.NONE)).isInstanceOf(EcpException.class)
                    .satisfies(e -> assertThat(((EcpException) e).error())
                            .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED))
                    .hasMessageContaining("user alice");
        }
    }

    @Test
    void sendWhenAuthnFailedStatusThenAuthenticationFailed() throws Exception {
        assertThat(answer(StubServer.Reply.of(200, SOAP, Fixtures.status("Responder", "AuthnFailed"))).error())
                .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
        assertThat(answer(StubServer.Reply.of(200, SOAP, Fixtures.status("Requester", "UnknownPrincipal"))).error())
                .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
    }

    @Test
    void sendWhenRequestDeniedStatusThenRequestDenied() throws Exception {
        EcpException e = answer(StubServer.Reply.of(200, SOAP, Fixtures.status("Requester", "RequestDenied")));
        assertThat(e.error()).isEqualTo(EcpError.IDP_REQUEST_DENIED);
        assertThat(e.getMessage()).contains("Requester/RequestDenied");
        assertThat(answer(StubServer.Reply.of(200, SOAP, Fixtures.status("Responder", "NoAuthnContext"))).error())
                .isEqualTo(EcpError.IDP_REQUEST_DENIED);
    }

    @Test
    void sendWhen401Or403ThenAuthenticationFailed() throws Exception {
        EcpException e = answer(StubServer.Reply.of(401, "text/html", "<html>login</html>")
                .with("WWW-Authenticate", "Basic realm=\"idp\""));
        assertThat(e.error()).isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("user alice", "401");
        assertThat(answer(StubServer.Reply.of(403, "text/plain", "forbidden")).error())
                .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
    }

    @Test
    void sendWhen400HtmlThenHttpStatusWithExcerpt() throws Exception {
        EcpException e = answer(StubServer.Reply.of(400, "text/html;charset=utf-8",
                "<!DOCTYPE html>\n<html><body>\r\nSign in to ecp</body></html>"));
        assertThat(e.error()).isEqualTo(EcpError.IDP_HTTP_STATUS);
        assertThat(e.getMessage()).contains("HTTP 400", "Sign in to ecp").doesNotContain("\r");
    }

    @Test
    void sendWhen404Or500HtmlThenHttpStatus() throws Exception {
        assertThat(answer(StubServer.Reply.of(404, "text/plain", "not found")).error())
                .isEqualTo(EcpError.IDP_HTTP_STATUS);
        assertThat(answer(StubServer.Reply.of(500, "text/html", "<html><body>boom</body></html>")).error())
                .isEqualTo(EcpError.IDP_HTTP_STATUS);
    }

    @Test
    void sendWhenHugeErrorPageThenExcerptIsTruncated() throws Exception {
        EcpException e = answer(StubServer.Reply.of(500, "text/html", "<p>" + "x".repeat(20_000) + "</p>"));
        assertThat(e.getMessage().length()).isLessThan(1000);
    }

    @Test
    void sendWhen500SoapFaultThenSoapFaultWithFaultString() throws Exception {
        EcpException e = answer(StubServer.Reply.of(500, SOAP, Fixtures.SOAP_FAULT));
        assertThat(e.error()).isEqualTo(EcpError.IDP_SOAP_FAULT);
        assertThat(e.getMessage()).contains("Authentication request cannot be processed");
    }

    @Test
    void sendWhenJsonOrEmptyOrHtmlWith200ThenBadContent() throws Exception {
        assertThat(answer(StubServer.Reply.of(200, "application/json", "{\"error\":\"invalid_request\"}")).error())
                .isEqualTo(EcpError.IDP_BAD_CONTENT);
        assertThat(answer(StubServer.Reply.of(200, SOAP, new byte[0])).error()).isEqualTo(EcpError.IDP_BAD_CONTENT);
        assertThat(answer(StubServer.Reply.of(200, "text/html", "<!DOCTYPE html><html></html>")).error())
                .isEqualTo(EcpError.IDP_BAD_CONTENT);
        assertThat(answer(StubServer.Reply.of(200, "text/xml", "<html><body>hi</body></html>")).error())
                .isEqualTo(EcpError.IDP_BAD_CONTENT);
    }

    /** Bodies that name the SOAP 1.1 namespace, so they pass the cheap pre-test and reach the one parse. */
    @Test
    void sendWhenSoapNamespaceMentionedButNoSoap11EnvelopeThenBadContentOrHttpStatus() throws Exception {
        String ns = "http://schemas.xmlsoap.org/soap/envelope/";
        assertThat(answer(StubServer.Reply.of(200, SOAP, "<S:Envelope xmlns:S=\"" + ns + "\"><S:Body>")).error())
                .as("not well-formed").isEqualTo(EcpError.IDP_BAD_CONTENT);
        assertThat(answer(StubServer.Reply.of(200, SOAP, "<!DOCTYPE x [<!ENTITY e \"e\">]><S:Envelope xmlns:S=\""
                + ns + "\"><S:Body/></S:Envelope>")).error()).as("refused DOCTYPE").isEqualTo(EcpError.IDP_BAD_CONTENT);
        assertThat(answer(StubServer.Reply.of(500, "text/html", "<html><p>" + ns + "</p></html>")).error())
                .as("another root").isEqualTo(EcpError.IDP_HTTP_STATUS);
        assertThat(answer(StubServer.Reply.of(200, SOAP, "<E:Envelope xmlns:E=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:S=\"" + ns + "\"><E:Body/></E:Envelope>")).error()).as("SOAP 1.2")
                .isEqualTo(EcpError.IDP_BAD_CONTENT);
        assertThat(answer(StubServer.Reply.of(200, SOAP, "<S:Envelope xmlns:S=\"" + ns + "\"><S:Body/><S:Body/>"
                + "</S:Envelope>")).error()).as("an envelope, malformed").isEqualTo(EcpError.MALFORMED_MESSAGE);
    }

    @Test
    void sendWhenSuccessResponseWithHttp500ThenHttpStatus() throws Exception {
        assertThat(answer(StubServer.Reply.of(500, SOAP, Fixtures.success(Samples.SP_ACS))).error())
                .isEqualTo(EcpError.IDP_HTTP_STATUS);
    }

    @Test
    void sendWhenRedirectThenRefusedAndTargetNeverContacted() throws Exception {
        idp.on("/elsewhere", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
        EcpException e = answer(StubServer.Reply.redirect(302, idp.uri("/elsewhere").toString()));
        assertThat(e.error()).isEqualTo(EcpError.REDIRECT_REFUSED);
        assertThat(idp.requests("/elsewhere")).isEmpty();
        assertThat(answer(StubServer.Reply.redirect(307, "/elsewhere")).error()).isEqualTo(EcpError.REDIRECT_REFUSED);
    }

    @Test
    void sendWhenIdpDownThenUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        EcpException e = failure(Fixtures.httpIdp("urn:idp", URI.create("http://127.0.0.1:" + port + "/sso"))
                .build());
        assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
    }

    @Test
    void sendWhenHostUnknownThenUnreachable() throws Exception {
        EcpException e = failure(Fixtures.httpIdp("urn:idp", URI.create("http://no-such-host.invalid/sso")).build());
        assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
        assertThat(e.getMessage()).contains("no-such-host.invalid");
    }

    @Test
    void sendWhenIdpTooSlowThenTimeout() throws Exception {
        idp.on("/sso", r -> {
            release.await(30, TimeUnit.SECONDS);
            return StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS));
        });
        EcpException e = failure(Fixtures.httpIdp("urn:idp", idp.uri("/sso"))
                .responseTimeout(Duration.ofMillis(300)).build());
        assertThat(e.error()).isEqualTo(EcpError.IDP_TIMEOUT);
    }

    @Test
    void sendWhenAnswerLargerThanTheCapThenTooLarge() throws Exception {
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) 'x');
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, big));
        EcpException e = failure(Fixtures.httpIdp("urn:idp", idp.uri("/sso")).maxResponseBytes(50_000).build());
        assertThat(e.error()).isEqualTo(EcpError.MESSAGE_TOO_LARGE);
    }

    @Test
    void sendWhenChunkedAnswerGrowsPastTheCapThenTooLargeWhileReading() throws Exception {
        byte[] big = new byte[2_000_000];
        java.util.Arrays.fill(big, (byte) 'x');
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, big).with(StubServer.CHUNKED, "yes"));
        EcpException e = failure(Fixtures.httpIdp("urn:idp", idp.uri("/sso")).maxResponseBytes(50_000).build());
        assertThat(e.error()).isEqualTo(EcpError.MESSAGE_TOO_LARGE);
        assertThat(e.getMessage()).contains("reading was stopped");
    }
}
