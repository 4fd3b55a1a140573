package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.PaosResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SamlecSasl#IDP_UNAVAILABLE_THROWS}: an IdP that refuses connections makes the client throw
 * {@code idp_unreachable} instead of answering the server with a SOAP fault; without the property, and for a
 * refused password even with it, the server gets the SOAP fault.
 */
class SaslIdpUnavailableTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static SaslFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void clientWhenIdpRefusesConnectionsAndPropertySetThenThrowsIdpUnreachable() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS,
                List.of(deadIdp()), SamlecSasl.IDP_UNAVAILABLE_THROWS, "true"), null);
        SaslServer server = fixture.server(fixture.acceptor());
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOf(SamlecSaslException.class)
                .satisfies(e -> assertThat(((SamlecSaslException) e).error()).isEqualTo(EcpError.IDP_UNREACHABLE))
                .hasMessageContaining("4 attempts");
        assertThat(client.isComplete()).isFalse();
    }

    @Test
    void clientWhenIdpRefusesConnectionsWithoutPropertyThenSoapFaultForTheServer() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS,
                List.of(deadIdp())), null);
        SaslServer server = fixture.server(fixture.acceptor());
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        byte[] answer = client.evaluateChallenge(challenge);

        assertThat(PaosResponse.parse(answer, PARSER).fault().get().faultString())
                .isEqualTo("samlec client: idp_unreachable");
    }

    @Test
    void clientWhenPasswordWrongAndPropertySetThenStillSoapFaultForTheServer() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS,
                List.of(fixture.endpoint("alice", "wrong")), SamlecSasl.IDP_UNAVAILABLE_THROWS, "true"), null);
        SaslServer server = fixture.server(fixture.acceptor());
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        byte[] answer = client.evaluateChallenge(challenge);

        assertThat(PaosResponse.parse(answer, PARSER).fault().get().faultString())
                .isEqualTo("samlec client: idp_authentication_failed");
    }

    private static IdpEndpoint deadIdp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return IdpEndpoint.builder(fixture.idp.entityId(), URI.create("http://127.0.0.1:" + port + "/sso"))
                .allowInsecureHttp(true).callTimeout(Duration.ofSeconds(20))
                .credentials(IdpCredentials.basic("alice", "alicepw".toCharArray())).build();
    }
}
