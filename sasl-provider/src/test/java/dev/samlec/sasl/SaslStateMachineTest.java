package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mechanisms used in the wrong order: every misuse is an error, and COMPLETE and FAILED are terminal. */
class SaslStateMachineTest {
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
    void clientWhenChallengeBeforeInitialResponseThenMechanismState() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");

        assertThatThrownBy(() -> client.evaluateChallenge("<x/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SamlecSaslException.class).hasMessageStartingWith("mechanism_state: ");
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).hasMessageStartingWith("mechanism_state: ");
    }

    @Test
    void clientAndServerWhenEvaluatedAfterCompleteThenMechanismState() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);
        byte[] response = SaslFixture.run(client, server);

        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).hasMessageStartingWith("mechanism_state: ");
        assertThatThrownBy(() -> server.evaluateResponse(response)).hasMessageStartingWith("mechanism_state: ");
        assertThat(client.isComplete()).as("COMPLETE is terminal").isTrue();
        assertThat(server.isComplete()).as("COMPLETE is terminal").isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void serverWhenTwoEmptyMessagesThenSecondIsMalformed() throws Exception {
        SaslServer server = fixture.server(acceptor);

        assertThat(server.evaluateResponse(new byte[0])).isEmpty();
        assertThatThrownBy(() -> server.evaluateResponse(new byte[0])).hasMessageStartingWith("malformed_gs2_header: ");
    }

    @Test
    void serverWhenFailedThenFurtherInputRefused() throws Exception {
        SaslServer server = fixture.server(acceptor);
        assertThatThrownBy(() -> server.evaluateResponse("bogus".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("malformed_gs2_header: ");

        assertThatThrownBy(() -> server.evaluateResponse("n,,,,".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("mechanism_state: ");
    }

    @Test
    void serverWhenPropertiesAskedBeforeCompleteThenIllegalState() throws Exception {
        SaslServer server = fixture.server(acceptor);

        assertThatThrownBy(server::getAuthorizationID).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.getNegotiatedProperty(SamlecSasl.IDENTITY))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.wrap(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.unwrap(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wrapAndUnwrapWhenCompleteThenStillRefusedNoSecurityLayer() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);
        SaslFixture.run(client, server);

        assertThat(client.getNegotiatedProperty(Sasl.QOP)).isEqualTo("auth");
        assertThatThrownBy(() -> server.wrap(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> client.unwrap(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clientWhenNegotiatedPropertyBeforeCompleteThenIllegalState() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");

        assertThatThrownBy(() -> client.getNegotiatedProperty(Sasl.QOP)).isInstanceOf(IllegalStateException.class);
    }
}
