package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.SecureXmlParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole SAML20EC exchange in memory through the installed provider, with the demo IdP on loopback HTTP. */
class SaslExchangeTest {
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
    void exchangeWhenAliceThenServerCompleteWithIdentityAndAttributes() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(acceptor);

        SaslFixture.run(client, server);

        assertThat(client.isComplete()).isTrue();
        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
        assertThat(server.getNegotiatedProperty(Sasl.QOP)).isEqualTo("auth");
        SamlIdentity identity = (SamlIdentity) server.getNegotiatedProperty(SamlecSasl.IDENTITY);
        assertThat(identity.nameId().value()).isEqualTo("alice");
        assertThat(identity.issuer()).isEqualTo(fixture.idp.entityId());
        assertThat(identity.attribute("mail")).isPresent();
    }

    @Test
    void exchangeWhenProtocolHasNoInitialResponseThenEmptyChallengeFirst() throws Exception {
        SaslClient client = fixture.client("bob", "bobpw");
        SaslServer server = fixture.server(acceptor);

        byte[] empty = server.evaluateResponse(new byte[0]);
        assertThat(empty).isEmpty();
        byte[] initial = client.evaluateChallenge(empty);
        assertThat(new String(initial, StandardCharsets.UTF_8)).isEqualTo("n,,,,");
        byte[] response = client.evaluateChallenge(server.evaluateResponse(initial));
        assertThat(server.evaluateResponse(response)).isNull();

        assertThat(server.getAuthorizationID()).isEqualTo("bob");
    }

    @Test
    void exchangeWhenWrongPasswordThenTheClientThrowsTheIdpsRefusalAndSendsNothing() throws Exception {
        SaslClient client = fixture.client("alice", "wrong");
        SaslServer server = fixture.server(acceptor);

        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOfSatisfying(SamlecSaslException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED))
                .hasMessageStartingWith("idp_authentication_failed: ").hasMessageContaining("user alice");
        assertThat(client.isComplete()).isFalse();
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("idp_authentication_failed: ");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void exchangeWhenAuthzidAllowedByCallbackThenAuthorizedAsIt() throws Exception {
        CallbackHandler admins = callbacks -> {
            for (Callback c : callbacks) {
                AuthorizeCallback ac = (AuthorizeCallback) c;
                ac.setAuthorized(ac.getAuthenticationID().equals("alice") && ac.getAuthorizationID().equals("bob"));
            }
        };
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, "bob", Map.of(), fixture.userHandler("alice",
                "alicepw"));
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(), admins);

        SaslFixture.run(client, server);

        assertThat(server.getAuthorizationID()).isEqualTo("bob");
    }

    @Test
    void exchangeWhenAuthzidRefusedByCallbackThenAuthorizationRefused() throws Exception {
        CallbackHandler nobody = callbacks -> ((AuthorizeCallback) callbacks[0]).setAuthorized(false);
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, "bob", Map.of(), fixture.userHandler("carol",
                "carolpw"));
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(), nobody);

        assertThatThrownBy(() -> SaslFixture.run(client, server)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("authorization_refused: ").hasMessageContaining("'carol'")
                .hasMessageContaining("'bob'");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void exchangeWhenAuthzidAndNoHandlerThenOnlySelfAllowed() throws Exception {
        SaslClient other = fixture.client(SamlecSasl.SAML20EC, "bob", Map.of(), fixture.userHandler("alice",
                "alicepw"));
        assertThatThrownBy(() -> SaslFixture.run(other, fixture.server(acceptor)))
                .hasMessageStartingWith("authorization_refused: ");

        SaslClient self = fixture.client(SamlecSasl.SAML20EC, "alice", Map.of(), fixture.userHandler("alice",
                "alicepw"));
        SaslServer server = fixture.server(acceptor);
        SaslFixture.run(self, server);
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void exchangeWhenHandlerAsksThenCallbackCarriesValidatedIdentity() throws Exception {
        List<SamlecAuthorizeCallback> seen = new java.util.ArrayList<>();
        CallbackHandler recorder = callbacks -> {
            SamlecAuthorizeCallback ac = (SamlecAuthorizeCallback) callbacks[0];
            seen.add(ac);
            ac.setAuthorized(true);
        };
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(), recorder);

        SaslFixture.run(fixture.client("alice", "alicepw"), server);

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).getAuthenticationID()).isEqualTo("alice");
        assertThat(seen.get(0).identity().issuer()).isEqualTo(fixture.idp.entityId());
        assertThat(seen.get(0).identity().attribute("mail")).isPresent();
    }

    @Test
    void exchangeWhenPrincipalAttributeSetThenItsValueIsTheAuthenticationId() throws Exception {
        SamlecAcceptor byMail = fixture.acceptor(s -> { }, a -> a.principalAttribute("mail"));
        List<String> authenticationIds = new java.util.ArrayList<>();
        CallbackHandler recorder = callbacks -> {
            AuthorizeCallback ac = (AuthorizeCallback) callbacks[0];
            authenticationIds.add(ac.getAuthenticationID());
            ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID()));
        };
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, byMail, Map.of(), recorder);

        SaslFixture.run(fixture.client("alice", "alicepw"), server);

        assertThat(authenticationIds).containsExactly("alice@samlec.dev");
        assertThat(server.getAuthorizationID()).isEqualTo("alice@samlec.dev");
    }

    @Test
    void exchangeWhenPrincipalAttributeMissingThenRefused() throws Exception {
        SamlecAcceptor byGroups = fixture.acceptor(s -> { }, a -> a.principalAttribute("groups"));

        // carol has no groups attribute; alice has several values (both must be refused)
        assertThatThrownBy(() -> SaslFixture.run(fixture.client("carol", "carolpw"), fixture.server(byGroups)))
                .hasMessageStartingWith("authorization_refused: ").hasMessageContaining("no value")
                .hasMessageContaining("'groups'");
        assertThatThrownBy(() -> SaslFixture.run(fixture.client("alice", "alicepw"), fixture.server(byGroups)))
                .hasMessageStartingWith("authorization_refused: ").hasMessageContaining("values");
    }

    @Test
    void exchangeWhenHandlerIgnoresAuthorizeCallbackThenRefused() throws Exception {
        SaslClient client = fixture.client("alice", "alicepw");
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(), callbacks -> { });

        assertThatThrownBy(() -> SaslFixture.run(client, server)).hasMessageStartingWith("authorization_refused: ");
    }

    @Test
    void exchangeWhenResponseReplayedToAnotherExchangeThenRefused() throws Exception {
        byte[] response = SaslFixture.run(fixture.client("alice", "alicepw"), fixture.server(acceptor));

        SaslServer second = fixture.server(acceptor);
        second.evaluateResponse("n,,,,".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> second.evaluateResponse(response)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("invalid_in_response_to: ");
    }

    @Test
    void exchangeWhenIdpListNamesSecondConfiguredIdpThenThatOneUsed() throws Exception {
        SamlecAcceptor scoped = fixture.acceptor(s -> { }, a -> a.idpList(List.of(fixture.idp.entityId())));
        dev.samlec.mech.client.IdpEndpoint elsewhere = dev.samlec.mech.client.IdpEndpoint.builder(
                "https://elsewhere.example/idp", java.net.URI.create("https://elsewhere.example/ecp")).useSystemTrust().build();
        Map<String, Object> props = Map.of(SamlecSasl.IDPS, List.of(elsewhere, fixture.endpoint("bob", "bobpw")));
        SaslServer server = fixture.server(scoped);

        SaslFixture.run(fixture.client(SamlecSasl.SAML20EC, null, props, null), server);

        assertThat(server.getAuthorizationID()).isEqualTo("bob");
    }

    @Test
    void exchangeWhenSessionKeyOfferedButIdpIssuesNoKeyThenNoChoiceAndNoKey() throws Exception {
        SamlecAcceptor offering = fixture.acceptor(s -> { }, a -> a.sessionKeyEncTypes(List.of(18, 17)));
        SaslServer server = fixture.server(offering);
        SaslClient client = fixture.client("alice", "alicepw");

        byte[] response = SaslFixture.run(client, server);

        assertThat(PaosResponse.parse(response, new SecureXmlParser(1 << 18)).sessionKeyEncType()).isEmpty();
        assertThat(server.isComplete()).isTrue();
        assertThat(client.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
        assertThat(server.getNegotiatedProperty(SamlecSasl.SESSION_KEY)).isNull();
    }
}
