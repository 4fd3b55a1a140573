package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Floods of unauthenticated exchanges (issue 10): each exchange holds its own request, so half-open exchanges, however
 * many, never make a user's login in progress fail; and a response still answers exactly one exchange, once.
 */
@Timeout(180)
class SaslFloodTest {
    private static final byte[] INITIAL = "n,,,,".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern REF = Pattern.compile("refToMessageID=\"([^\"]+)\"");
    private static final Pattern RELAY_STATE = Pattern.compile("RelayState[^>]*>([^<]+)<");
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

    /** Alice's response to her server's challenge, from the demo IdP: a login in flight, not yet answered. */
    private static byte[] inFlight(SaslServer server) throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        return client.evaluateChallenge(server.evaluateResponse(client.evaluateChallenge(new byte[0])));
    }

    @Test
    void evaluateResponseWhenMoreHalfOpenExchangesThanTrackerSlotsThenInFlightLoginStillSucceeds() throws Exception {
        SaslServer alice = fixture.server(acceptor);
        byte[] response = inFlight(alice);

        int flood = acceptor.provider().settings().maxOutstandingRequests() + 1;
        List<SaslServer> halfOpen = new ArrayList<>(flood);
        for (int i = 0; i < flood; i++) {
            SaslServer attacker = fixture.server(acceptor);
            attacker.evaluateResponse(INITIAL);
            halfOpen.add(attacker);
        }

        assertThat(alice.evaluateResponse(response)).isNull();
        assertThat(alice.getAuthorizationID()).isEqualTo("alice");
        assertThat(halfOpen).hasSize(flood).noneMatch(SaslServer::isComplete);
        assertThat(((dev.samlec.mech.service.InMemoryRequestTracker) acceptor.provider().requestTracker())
                .outstanding()).as("SAML20EC takes no shared slot").isZero();
    }

    @Test
    void evaluateResponseWhenInFlightResponseRedirectedToAnotherExchangeThenRefusedAndOwnExchangeStillAccepts()
            throws Exception {
        SaslServer a = fixture.server(acceptor);
        byte[] response = inFlight(a);
        SaslServer b = fixture.server(acceptor);
        byte[] bChallenge = b.evaluateResponse(INITIAL);
        String bId = requestId(bChallenge);
        // the PAOS header (refToMessageID and RelayState) is re-addressed to B's challenge; the signed Response
        // inside still answers A's request
        String text = replaceGroup(new String(response, StandardCharsets.UTF_8), REF, bId);
        byte[] redirected = replaceGroup(text, RELAY_STATE, group(bChallenge, RELAY_STATE))
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> b.evaluateResponse(redirected)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("invalid_in_response_to: ").hasMessageContaining("InResponseTo");
        assertThat(a.evaluateResponse(response)).as("B's refusal consumed nothing of A").isNull();
        assertThat(a.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void evaluateResponseWhenSameResponseGivenTwiceToItsExchangeThenSecondRefused() throws Exception {
        SaslServer server = fixture.server(acceptor);
        byte[] response = inFlight(server);

        assertThat(server.evaluateResponse(response)).isNull();
        assertThatThrownBy(() -> server.evaluateResponse(response)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("mechanism_state: ");
    }

    private static String replaceGroup(String text, Pattern pattern, String value) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).isTrue();
        return text.substring(0, m.start(1)) + value + text.substring(m.end(1));
    }

    private static String group(byte[] message, Pattern pattern) {
        Matcher m = pattern.matcher(new String(message, StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The paos:Request messageID of a challenge (the AuthnRequest ID). */
    private static String requestId(byte[] challenge) {
        Matcher m = Pattern.compile("messageID=\"([^\"]+)\"").matcher(new String(challenge, StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
