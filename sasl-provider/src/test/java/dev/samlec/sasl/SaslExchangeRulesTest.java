package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules of the SAML20EC exchange that the happy paths do not show. Server: the response must name this challenge
 * and may choose only a SessionKey type the server offered (no choice: the client has no key), the service-name
 * property must agree with the acceptor, the
 * acceptor can come from the Subject, channel bindings can be a collection, a handler may canonicalise the
 * authorized ID or not know AuthorizeCallback, a failed exchange says so. Client: a -PLUS challenge needs a signed
 * AuthnRequest, offered enctypes must include a known one, and the password handed over is cleared.
 */
class SaslExchangeRulesTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(1 << 18);
    private static final TlsChannelBinding BINDING = new TlsChannelBinding(TlsChannelBinding.TLS_SERVER_END_POINT,
            new byte[] {4, 5, 6});
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
    void responseWhenSessionKeyChoiceWasNotOfferedThenSessionKeyMismatch() throws Exception {
        SaslServer server = fixture.server(fixture.acceptor(s -> { }, a -> a.sessionKeyEncTypes(List.of(18, 17))));
        Exchange exchange = Exchange.upToResponse(fixture.client("alice", "alicepw"), server);

        byte[] otherChoice = PaosResponse.of(exchange.request(), exchange.body(), 23).toBytes();

        assertThatThrownBy(() -> server.evaluateResponse(otherChoice)).hasMessageStartingWith("session_key_mismatch: ")
                .hasMessageContaining("23").hasMessageContaining("[18, 17]");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void responseWhenSessionKeyOfferedButNoChoiceThenCompleteWithoutKey() throws Exception {
        SaslServer server = fixture.server(fixture.acceptor(s -> { }, a -> a.sessionKeyEncTypes(List.of(18))));
        Exchange exchange = Exchange.upToResponse(fixture.client("alice", "alicepw"), server);

        byte[] noChoice = PaosResponse.of(exchange.request(), exchange.body()).toBytes();

        assertThat(server.evaluateResponse(noChoice)).isNull();
        assertThat(server.isComplete()).isTrue();
        assertThat(server.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
    }

    @Test
    void createWhenServiceNamePropertyDiffersFromAcceptorThenConfigurationError() {
        assertThatThrownBy(() -> fixture.server(SamlecSasl.SAML20EC, acceptor,
                Map.of(SamlecSasl.SERVICE_NAME, "ldap@elsewhere"), null))
                .isInstanceOf(SaslException.class).hasMessageStartingWith("invalid_configuration: ");
    }

    @Test
    void createWhenServiceNamePropertyEqualsAcceptorThenCreated() throws Exception {
        assertThat(fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(SamlecSasl.SERVICE_NAME,
                acceptor.serviceName()), null)).isNotNull();
    }

    @Test
    void createWhenNoAcceptorPropertyThenTheSubjectsAcceptorServes() throws Exception {
        Subject service = new Subject(false, Set.of(), Set.of(acceptor), Set.of());
        SaslServer server = SubjectAccess.callAs(service, () -> Sasl.createSaslServer(SamlecSasl.SAML20EC, "ldap",
                "localhost", Map.of(), null));

        SaslFixture.run(fixture.client("alice", "alicepw"), server);

        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void createWhenNoAcceptorAnywhereThenConfigurationError() {
        assertThatThrownBy(() -> Sasl.createSaslServer(SamlecSasl.SAML20EC, "ldap", "localhost", Map.of(), null))
                .isInstanceOf(SaslException.class).hasMessageStartingWith("invalid_configuration: ");
    }

    @Test
    void authorizationWhenHandlerCanonicalisesTheIdThenServerReportsTheCanonicalId() throws Exception {
        CallbackHandler canonical = callbacks -> {
            for (Callback c : callbacks) {
                AuthorizeCallback ac = (AuthorizeCallback) c;
                ac.setAuthorized(ac.getAuthorizationID().equalsIgnoreCase(ac.getAuthenticationID()));
                ac.setAuthorizedID(ac.getAuthorizationID().toLowerCase(java.util.Locale.ROOT));
            }
        };
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, "ALICE", Map.of(), fixture.userHandler("alice",
                "alicepw"));
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(), canonical);

        SaslFixture.run(client, server);

        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void evaluateWhenExchangeFailedThenMessageSaysFailed() throws Exception {
        SaslServer server = fixture.server(acceptor);
        assertThatThrownBy(() -> server.evaluateResponse("bogus".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> server.evaluateResponse("n,,,,".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("mechanism_state: ").hasMessageContaining("already failed");
    }

    @Test
    void clientWhenHandlerGavePasswordThenItsCallbackIsCleared() throws Exception {
        PasswordCallback[] seen = new PasswordCallback[1];
        CallbackHandler user = callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof PasswordCallback pw) {
                    pw.setPassword("alicepw".toCharArray());
                    seen[0] = pw;
                } else if (c instanceof NameCallback name) {
                    name.setName("alice");
                } else if (c instanceof IdpCallback idps) {
                    try {
                        idps.setIdps(List.of(fixture.endpoint()));
                    } catch (EcpConfigurationException e) {
                        throw new java.io.IOException(e);
                    }
                }
            }
        };

        SaslFixture.run(fixture.client(SamlecSasl.SAML20EC, null, Map.of(), user), fixture.server(acceptor));

        assertThat(seen[0]).isNotNull();
        // PasswordCallback.clearPassword overwrites the handed-over array (with spaces) rather than dropping it.
        char[] left = seen[0].getPassword();
        assertThat(left == null || new String(left).isBlank()).as("password left in the callback").isTrue();
    }

    @Test
    void responseWhenNoRefToMessageIdThenMalformedMessage() throws Exception {
        SaslServer server = fixture.server(acceptor);
        SaslClient client = fixture.client("alice", "alicepw");
        byte[] response = client.evaluateChallenge(server.evaluateResponse(client.evaluateChallenge(new byte[0])));
        byte[] noRef = new String(response, StandardCharsets.UTF_8)
                .replaceFirst(" refToMessageID=\"[^\"]*\"", "").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> server.evaluateResponse(noRef)).hasMessageStartingWith("malformed_message: ");
    }

    @Test
    void createWhenPlusBindingsGivenAsCollectionThenCreated() throws Exception {
        assertThat(fixture.server(SamlecSasl.SAML20EC_PLUS, fixture.signingAcceptor(),
                Map.of(SamlecSasl.CHANNEL_BINDING, List.of(BINDING)), null)).isNotNull();
    }

    @Test
    void authorizationWhenHandlerDoesNotKnowAuthorizeCallbackThenOnlySelf() throws Exception {
        CallbackHandler unaware = callbacks -> {
            throw new javax.security.auth.callback.UnsupportedCallbackException(callbacks[0]);
        };
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(), unaware);

        SaslFixture.run(fixture.client(SamlecSasl.SAML20EC, "alice", Map.of(), fixture.userHandler("alice",
                "alicepw")), server);

        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void clientWhenServerOffersNoKnownEncTypeThenFaultWithMalformedMessage() throws Exception {
        SaslServer server = fixture.server(fixture.acceptor(s -> { }, a -> a.sessionKeyEncTypes(List.of(99))));
        SaslClient client = fixture.client("alice", "alicepw");

        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).hasMessageStartingWith("malformed_message: ")
                .hasMessageContaining("[99]");
    }

    @Test
    void clientWhenPlusChallengeHasUnsignedRequestThenFaultWithChannelBindingMismatch() throws Exception {
        SaslServer server = fixture.server(SamlecSasl.SAML20EC_PLUS, fixture.signingAcceptor(),
                Map.of(SamlecSasl.CHANNEL_BINDING, BINDING), null);
        SaslClient client = fixture.client(SamlecSasl.SAML20EC_PLUS, null, Map.of(SamlecSasl.CHANNEL_BINDING,
                BINDING), fixture.userHandler("alice", "alicepw"));
        String challenge = new String(server.evaluateResponse(client.evaluateChallenge(new byte[0])),
                StandardCharsets.UTF_8);
        String unsigned = challenge.replaceFirst("(?s)<(\\w+:)?Signature .*?</(\\w+:)?Signature>", "");
        assertThat(unsigned).isNotEqualTo(challenge);

        assertThatThrownBy(() -> client.evaluateChallenge(unsigned.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("channel_binding_mismatch: ").hasMessageContaining("is not signed");
    }

    /** A client's response and what it was made from, before the server sees it. */
    private record Exchange(PaosRequest request, SamlResponseBody body) {
        static Exchange upToResponse(SaslClient client, SaslServer server) throws Exception {
            byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
            byte[] response = client.evaluateChallenge(challenge);
            return new Exchange(PaosRequest.parse(challenge, PARSER),
                    PaosResponse.parse(response, PARSER).response().orElseThrow());
        }
    }
}
