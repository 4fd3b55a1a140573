package dev.samlec.mech.client;

import static dev.samlec.mech.client.Fixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.Samples;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IdP client against a real loopback server answering like Keycloak. */
class IdpClientTest {
    private StubServer idp;

    @BeforeEach
    void start() throws Exception {
        idp = StubServer.http();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private IdpResponse send(IdpEndpoint endpoint, IdpRequest request) throws Exception {
        try (IdpClient client = new IdpClient(endpoint)) {
            return client.send(request);
        }
    }

    @Test
    void sendWhenKeycloakAnswersThenSuccessResponse() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
        IdpResponse response = send(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build(), Fixtures.idpRequest());

        assertThat(response.assertionConsumerServiceUrl()).contains(Samples.SP_ACS);
        assertThat(response.response().orElseThrow().isSuccess()).isTrue();
    }

    @Test
    void sendWhenBasicCredentialsThenHeaderOnTheFirstRequestInUtf8() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
        send(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build(), Fixtures.idpRequest());

        assertThat(idp.requests()).hasSize(1);
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (Fixtures.USER + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(idp.requests().get(0).header("Authorization")).isEqualTo(expected);
    }

    @Test
    void sendWhenPostingThenSoapHeadersAndTheIdpRequestBytes() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
        IdpRequest request = Fixtures.idpRequest();
        send(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build(), request);

        StubServer.Request seen = idp.requests().get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.header("Content-Type")).startsWith("text/xml").containsIgnoringCase("charset=UTF-8");
        assertThat(seen.header("SOAPAction")).isEqualTo("\"http://www.oasis-open.org/committees/security\"");
        assertThat(seen.body()).isEqualTo(request.toBytes());
        assertThat(seen.bodyText()).doesNotContain("Header", "RelayState", "paos");
    }

    @Test
    void sendWhenNoCredentialsThenNoAuthorizationHeader() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
        send(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).credentials(IdpCredentials.none()).build(),
                Fixtures.idpRequest());
        assertThat(idp.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void sendWhenOddContentTypeButValidSoapThenAccepted() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, "application/octet-stream", Fixtures.success(Samples.SP_ACS)));
        IdpResponse response = send(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build(), Fixtures.idpRequest());
        assertThat(response.response()).isPresent();

        idp.on("/sso", r -> StubServer.Reply.of(200, "text/html", Fixtures.success(Samples.SP_ACS)));
        assertThat(send(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build(), Fixtures.idpRequest()).response())
                .isPresent();
    }

    @Test
    void sendWhenIdpSetsCookiesThenTheyAreNeverSentBack() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS))
                .with("Set-Cookie", "KC_SESSION=secret; Path=/"));
        try (IdpClient client = new IdpClient(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build())) {
            client.send(Fixtures.idpRequest());
            client.send(Fixtures.idpRequest());
        }
        assertThat(idp.requests()).hasSize(2);
        assertThat(idp.requests().get(1).header("Cookie")).isNull();
    }

    @Test
    void sendWhenIssuerIsNotTheConfiguredEntityIdThenInvalidIssuerNamingBoth() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
        assertThatThrownBy(() -> send(Fixtures.httpIdp("https://idp.example.org/wrong", idp.uri("/sso")).build(),
                Fixtures.idpRequest()))
                .isInstanceOfSatisfying(EcpException.class, e -> {
                    assertThat(e.error()).isEqualTo(EcpError.INVALID_ISSUER);
                    assertThat(e.getMessage()).contains("'" + Samples.IDP_ENTITY_ID + "'",
                            "'https://idp.example.org/wrong'", "idpEntityId");
                });
    }

    @Test
    void sendWhenOnlyTheAssertionIssuerDiffersThenInvalidIssuer() throws Exception {
        String response = Fixtures.success(Samples.SP_ACS);
        int assertion = response.indexOf("<saml:Assertion");
        String forged = response.substring(0, assertion) + response.substring(assertion)
                .replaceFirst(Pattern.quote(Samples.IDP_ENTITY_ID), "https://other.example.org/idp");
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, forged));
        assertThatThrownBy(() -> send(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build(),
                Fixtures.idpRequest()))
                .isInstanceOfSatisfying(EcpException.class, e -> assertThat(e.error()).isEqualTo(EcpError.INVALID_ISSUER));
    }

    @Test
    void sendWhenConfiguredByUrlOnlyThenAnyIssuerIsForwarded() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS)));
        IdpEndpoint byUrl = IdpEndpoint.builder(idp.uri("/sso")).allowInsecureHttp(true)
                .credentials(Fixtures.basic()).build();
        assertThat(send(byUrl, Fixtures.idpRequest()).response()).isPresent();
    }

    @Test
    void basicWhenEncodedThenRfc7617Utf8() throws Exception {
        String header = IdpClient.basic(IdpCredentials.basic("zoë", "p:ss".toCharArray()));
        assertThat(new String(Base64.getDecoder().decode(header.substring("Basic ".length())),
                StandardCharsets.UTF_8)).isEqualTo("zoë:p:ss");
    }
}
