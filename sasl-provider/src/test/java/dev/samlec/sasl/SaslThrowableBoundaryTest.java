package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.testing.HostileXml;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, part 1: whatever is thrown inside an exchange (an Error included) leaves it FAILED for good with a code,
 * so a genuine response sent afterwards is refused instead of accepted.
 */
class SaslThrowableBoundaryTest {
    private static SaslFixture fixture;
    private static SamlecAcceptor acceptor;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
        acceptor = fixture.acceptor();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void serverWhenResponseNestedThousandsDeepThenXmlTooDeepAndAGenuineResponseIsRefused() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        byte[] genuine = client.evaluateChallenge(challenge);
        byte[] deep = HostileXml.deepEnvelope();

        assertThatThrownBy(() -> server.evaluateResponse(deep)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("xml_too_deep: ");
        assertThatThrownBy(() -> server.evaluateResponse(genuine)).hasMessageStartingWith("mechanism_state: ");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void serverWhenAuthorizationHandlerThrowsAnErrorThenInternalErrorAndTheExchangeStaysFailed() throws Exception {
        CallbackHandler broken = callbacks -> {
            if (callbacks[0] instanceof AuthorizeCallback) {
                throw new StackOverflowError("simulated");
            }
        };
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(), broken);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        byte[] response = client.evaluateChallenge(challenge);

        assertThatThrownBy(() -> server.evaluateResponse(response)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("internal_error: ");
        assertThatThrownBy(() -> server.evaluateResponse(response)).hasMessageStartingWith("mechanism_state: ");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void clientWhenIdpCallbackThrowsAnErrorThenInternalErrorAndTheExchangeStaysFailed() throws Exception {
        CallbackHandler broken = callbacks -> {
            throw new StackOverflowError("simulated");
        };
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(), broken);
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("internal_error: ");
        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOf(SamlecSaslException.class);
        assertThat(client.isComplete()).isFalse();
    }

    @Test
    void serverWhenDisposedAfterTheChallengeThenAGenuineResponseIsMechanismState() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        byte[] response = client.evaluateChallenge(challenge);

        server.dispose();

        assertThatThrownBy(() -> server.evaluateResponse(response)).hasMessageStartingWith("mechanism_state: ");
    }

    @Test
    void clientWhenChallengeNestedThousandsDeepThenXmlTooDeepAndFailed() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        client.evaluateChallenge(new byte[0]);

        assertThatThrownBy(() -> client.evaluateChallenge(HostileXml.deepEnvelope()))
                .isInstanceOf(SamlecSaslException.class).hasMessageStartingWith("xml_too_deep: ");
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).isInstanceOf(SamlecSaslException.class);
        assertThat(client.isComplete()).isFalse();
    }
}
