package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.PaosRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message shapes of fedushare/mech_saml_ec (issue 12 part 5, measured against it through Cyrus GS2), replayed
 * against samlec's server with the demo IdP's real answers: its first message is accepted; its client response, which
 * forwards the IdP's header blocks and carries no {@code paos:Response}, stays refused with an error naming the
 * deviation.
 */
class MechSamlEcShapeTest {
    /** mech_saml_ec's initial response: no channel binding, no authzid, no hok, mut, no del. */
    private static final String MECH_SAML_EC_FIRST = "n,,,urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp:2.0"
            + ":WantAuthnRequestsSigned,";
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static final Pattern HEADER = Pattern.compile("<(\\w+):Header\\b.*?</\\1:Header>", Pattern.DOTALL);
    private static SaslFixture fixture;
    private static SamlecAcceptor acceptor;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
        acceptor = fixture.signingAcceptor();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void serverWhenMechSamlEcFirstMessageThenSignedChallengeForTheService() throws Exception {
        SaslServer server = fixture.server(acceptor);

        PaosRequest challenge = PaosRequest.parse(server.evaluateResponse(bytes(MECH_SAML_EC_FIRST)), PARSER);

        assertThat(challenge.responseConsumerUrl()).isEqualTo(SaslFixture.SERVICE);
        assertThat(challenge.authnRequest().signed()).isTrue();
    }

    @Test
    void serverWhenClientForwardsIdpAnswerAsItIsThenRefusedNamingTheForwardedHeader() throws Exception {
        SaslServer server = fixture.server(acceptor);
        byte[] idpAnswer = askIdp(server.evaluateResponse(bytes(MECH_SAML_EC_FIRST)));

        assertThatThrownBy(() -> server.evaluateResponse(idpAnswer)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith(EcpError.MALFORMED_MESSAGE.code() + ": ")
                .hasMessageContaining("IdP header block ecp:Response must be removed by the client");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void serverWhenClientResponseHasNoPaosResponseThenRefusedNamingIt() throws Exception {
        SaslServer server = fixture.server(acceptor);
        String idpAnswer = new String(askIdp(server.evaluateResponse(bytes(MECH_SAML_EC_FIRST))),
                StandardCharsets.UTF_8);
        Matcher header = HEADER.matcher(idpAnswer);
        assertThat(header.find()).isTrue();
        byte[] withoutHeaders = bytes(header.replaceFirst("<$1:Header/>"));

        assertThatThrownBy(() -> server.evaluateResponse(withoutHeaders)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith(EcpError.MALFORMED_MESSAGE.code() + ": ")
                .hasMessageContaining("no paos:Response refToMessageID");
        assertThat(server.isComplete()).isFalse();
    }

    /** What any ECP client does between challenge and response: the AuthnRequest alone to the IdP, with Basic. */
    private static byte[] askIdp(byte[] challenge) throws Exception {
        IdpRequest request = IdpRequest.of(PaosRequest.parse(challenge, PARSER).authnRequest());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(fixture.idp.ssoUrl())
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "text/xml")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(bytes("alice:alicepw")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toBytes())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
