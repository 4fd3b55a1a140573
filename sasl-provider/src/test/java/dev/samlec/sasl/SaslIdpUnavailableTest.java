package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
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
 * An IdP that refuses connections makes the client throw {@code idp_unreachable} (after the IdP client's short
 * retry), and a refused password {@code idp_authentication_failed}: the application sees the client's own reason,
 * and nothing is sent to the server.
 */
class SaslIdpUnavailableTest {
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
    void clientWhenIdpRefusesConnectionsThenThrowsIdpUnreachable() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS,
                List.of(deadIdp())), null);
        SaslServer server = fixture.server(fixture.acceptor());
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOf(SamlecSaslException.class)
                .satisfies(e -> assertThat(((SamlecSaslException) e).error()).isEqualTo(EcpError.IDP_UNREACHABLE))
                .hasMessageContaining("4 attempts");
        assertThat(client.isComplete()).isFalse();
    }

    @Test
    void clientWhenPasswordWrongThenThrowsIdpAuthenticationFailed() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS,
                List.of(fixture.endpoint("alice", "wrong"))), null);
        SaslServer server = fixture.server(fixture.acceptor());
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOf(SamlecSaslException.class)
                .satisfies(e -> assertThat(((SamlecSaslException) e).error())
                        .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED));
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
