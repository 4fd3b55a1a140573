package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import java.nio.charset.StandardCharsets;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The opaque {@code ecp:RelayState} in every SAML20EC challenge (mech_saml_ec refuses a challenge without one):
 * short, random per exchange, with the PAOS mustUnderstand/actor attributes, echoed by samlec's client, and a
 * response that drops or changes it is refused. The refusals fail if the echo check is removed.
 */
class SaslRelayStateTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(1 << 18);
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

    private static String relayState(byte[] challenge) throws Exception {
        return PaosRequest.parse(challenge, PARSER).relayState().orElseThrow();
    }

    @Test
    void challengeWhenIssuedThenCarriesShortRandomRelayStateWithPaosAttributes() throws Exception {
        byte[] first = fixture.server(acceptor).evaluateResponse("n,,,,".getBytes(StandardCharsets.US_ASCII));
        byte[] second = fixture.server(acceptor).evaluateResponse("n,,,,".getBytes(StandardCharsets.US_ASCII));

        String value = relayState(first);
        assertThat(value).matches("[A-Za-z0-9_-]{22}");
        assertThat(value.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(80);
        assertThat(relayState(second)).isNotEqualTo(value);
        // PaosRequest.parse refuses a RelayState without mustUnderstand="1" and actor=next; check the text too
        assertThat(new String(first, StandardCharsets.UTF_8)).containsPattern(
                "RelayState[^>]*mustUnderstand=\"1\"[^>]*>|RelayState[^>]*actor=\"[^\"]*next\"[^>]*mustUnderstand");
    }

    @Test
    void exchangeWhenClientEchoesRelayStateThenAccepted() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        byte[] response = client.evaluateChallenge(challenge);

        assertThat(PaosResponse.parse(response, PARSER).relayState()).contains(relayState(challenge));
        assertThat(server.evaluateResponse(response)).isNull();
        assertThat(server.isComplete()).isTrue();
    }

    @Test
    void responseWhenRelayStateChangedThenRelayStateMismatch() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        String value = relayState(challenge);
        String response = new String(client.evaluateChallenge(challenge), StandardCharsets.UTF_8);
        byte[] changed = response.replace(">" + value + "<", ">" + value.substring(1) + "A<")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> server.evaluateResponse(changed)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("relay_state_mismatch: ").hasMessageNotContaining(value);
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void responseWhenRelayStateMissingThenRelayStateMismatch() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        String response = new String(client.evaluateChallenge(challenge), StandardCharsets.UTF_8);
        byte[] dropped = response.replaceFirst("<(\\w+:)?RelayState[^>]*>[^<]*</(\\w+:)?RelayState>", "")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(PaosResponse.parse(dropped, PARSER).relayState()).isEmpty();

        assertThatThrownBy(() -> server.evaluateResponse(dropped)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("relay_state_mismatch: ").hasMessageContaining("no ecp:RelayState");
    }
}
