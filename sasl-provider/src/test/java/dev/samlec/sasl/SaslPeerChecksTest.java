package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.InMemoryReplayCache;
import dev.samlec.mech.testing.MutableClock;
import dev.samlec.mech.testing.SamlResponseBuilder;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks each side makes on the other parties, against a scripted IdP that misbehaves on purpose: the client
 * refuses a missing RequestAuthenticated, an unrequested delegation, another ACS and a different channel binding;
 * the server refuses an assertion without the exchange's channel binding. Each test fails if its check is removed.
 */
class SaslPeerChecksTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static final TlsChannelBinding TLS = new TlsChannelBinding("tls-server-end-point", new byte[] {1, 2, 3});
    private static SaslFixture fixture;
    private static SamlecAcceptor acceptor;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
        MutableClock clock = new MutableClock(TestSamlObjects.NOW);
        acceptor = fixture.acceptor(s -> s.entityId(TestSamlObjects.SP).clock(clock)
                .replayCache(new InMemoryReplayCache(clock)).signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(TestSamlObjects.IDP, List.of(TestCredentials.idp().certificate()))), a -> { });
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** A signed Success Response from TestSamlObjects.IDP answering the request, for {@value SaslFixture#SERVICE}. */
    private static SamlResponseBody validResponse(IdpRequest request) throws Exception {
        String id = request.authnRequest().id();
        byte[] xml = new SamlResponseBuilder().answering(id).destination(SaslFixture.SERVICE).responseId("_r" + id)
                .assertion(a -> a.recipient(SaslFixture.SERVICE).id("_a" + id)).signAssertionWith(TestCredentials.idp())
                .signResponseWith(TestCredentials.idp()).bytes();
        return SamlResponseBody.parse(xml, PARSER);
    }

    private static IdpResponse.Builder wellBehaved(IdpRequest request) throws Exception {
        return IdpResponse.builder().assertionConsumerServiceUrl(SaslFixture.SERVICE).response(validResponse(request));
    }

    /** Runs the exchange against a scripted IdP; returns the client and the message it sent last. */
    private static Object[] exchange(ScriptedIdp idp, String mechanism, Map<String, Object> clientProps,
            SaslServer server) throws Exception {
        IdpEndpoint endpoint = IdpEndpoint.builder(TestSamlObjects.IDP, idp.url()).allowInsecureHttp(true)
                .credentials(IdpCredentials.basic("alice", "alicepw".toCharArray())).build();
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(SamlecSasl.IDPS, List.of(endpoint));
        SaslClient client = fixture.client(mechanism, null, props, null);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        return new Object[] {client, client.evaluateChallenge(challenge)};
    }

    /** The client refuses the IdP's answer by throwing its reason (no SOAP fault, nothing sent to the server). */
    private static void assertClientFault(ScriptedIdp.Script script, String mechanism, Map<String, Object> props,
            SaslServer server, String code) throws Exception {
        try (ScriptedIdp idp = new ScriptedIdp(script)) {
            assertThatThrownBy(() -> exchange(idp, mechanism, props, server))
                    .isInstanceOfSatisfying(SamlecSaslException.class, e -> assertThat(e.error().code()).isEqualTo(code))
                    .hasMessageStartingWith(code + ": ");
        }
    }

    @Test
    void clientWhenMutualAuthAskedAndIdpDoesNotConfirmThenFault() throws Exception {
        assertClientFault(request -> wellBehaved(request).build(), SamlecSasl.SAML20EC,
                Map.of(Sasl.SERVER_AUTH, "true"), fixture.server(acceptor), "mutual_authentication_failed");
    }

    @Test
    void clientWhenMutualAuthAskedAndIdpConfirmsThenResponseSent() throws Exception {
        try (ScriptedIdp idp = new ScriptedIdp(request -> wellBehaved(request).requestAuthenticated(true).build())) {
            SaslServer server = fixture.server(acceptor);
            Object[] result = exchange(idp, SamlecSasl.SAML20EC, Map.of(Sasl.SERVER_AUTH, "true"), server);

            assertThat(idp.lastRequest().authnRequest().signed()).as("mut makes the server sign").isTrue();
            assertThat(PaosResponse.parse((byte[]) result[1], PARSER).response()).isPresent();
            assertThat(server.evaluateResponse((byte[]) result[1])).isNull();
            assertThat(server.getAuthorizationID()).isEqualTo(TestSamlObjects.NAME_ID);
        }
    }

    @Test
    void serverWhenNeitherMutNorChannelBindingThenRequestUnsignedAlthoughKeyConfigured() throws Exception {
        try (ScriptedIdp idp = new ScriptedIdp(request -> wellBehaved(request).build())) {
            SaslServer server = fixture.server(acceptor);
            Object[] result = exchange(idp, SamlecSasl.SAML20EC, Map.of(), server);

            assertThat(acceptor.canSign()).isTrue();
            assertThat(idp.lastRequest().authnRequest().signed()).as("only mut or -PLUS need a signature").isFalse();
            assertThat(server.evaluateResponse((byte[]) result[1])).isNull();
        }
    }

    @Test
    void serverWhenSignEveryRequestThenPlainRequestSigned() throws Exception {
        MutableClock clock = new MutableClock(TestSamlObjects.NOW);
        SamlecAcceptor signing = fixture.acceptor(s -> s.entityId(TestSamlObjects.SP).clock(clock)
                .replayCache(new InMemoryReplayCache(clock)).signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(TestSamlObjects.IDP, List.of(TestCredentials.idp().certificate()))),
                a -> a.signEveryRequest(true));
        try (ScriptedIdp idp = new ScriptedIdp(request -> wellBehaved(request).build())) {
            exchange(idp, SamlecSasl.SAML20EC, Map.of(), fixture.server(signing));

            assertThat(idp.lastRequest().authnRequest().signed()).isTrue();
        }
    }

    @Test
    void acceptorWhenSignEveryRequestWithoutSigningKeyThenRefused() {
        assertThatThrownBy(() -> fixture.acceptor(s -> { }, a -> a.signEveryRequest(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signing key");
    }

    @Test
    void clientWhenIdpAnnouncesUnrequestedDelegationThenFault() throws Exception {
        assertClientFault(request -> wellBehaved(request).delegated(true).build(), SamlecSasl.SAML20EC, Map.of(),
                fixture.server(acceptor), "unexpected_delegation");
    }

    @Test
    void clientWhenIdpNamesAnotherAcsThenFault() throws Exception {
        assertClientFault(request -> IdpResponse.builder().assertionConsumerServiceUrl("https://evil.example/acs")
                .response(validResponse(request)).build(), SamlecSasl.SAML20EC, Map.of(), fixture.server(acceptor),
                "acs_mismatch");
    }

    @Test
    void clientWhenIdpOmitsEcpResponseThenFault() throws Exception {
        assertClientFault(request -> IdpResponse.builder().response(validResponse(request)).build(),
                SamlecSasl.SAML20EC, Map.of(), fixture.server(acceptor), "acs_mismatch");
    }

    @Test
    void clientWhenIdpEchoesAnotherChannelBindingThenFault() throws Exception {
        UnaryOperator<byte[]> flip = b -> {
            b[b.length - 1] ^= 1;
            return b;
        };
        assertClientFault(request -> wellBehaved(request).channelBinding(new dev.samlec.mech.ChannelBinding(
                request.channelBinding().orElseThrow().type(), flip.apply(request.channelBinding().get().value())))
                .build(), SamlecSasl.SAML20EC_PLUS, Map.of(SamlecSasl.CHANNEL_BINDING, TLS),
                fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor, Map.of(SamlecSasl.CHANNEL_BINDING, TLS), null),
                "channel_binding_mismatch");
    }

    @Test
    void clientWhenPlusThenIdpGetsGs2HeaderAndTlsDataInSignedRequestAndHeader() throws Exception {
        try (ScriptedIdp idp = new ScriptedIdp(request -> wellBehaved(request).build())) {
            exchange(idp, SamlecSasl.SAML20EC_PLUS, Map.of(SamlecSasl.CHANNEL_BINDING, TLS),
                    fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor, Map.of(SamlecSasl.CHANNEL_BINDING, TLS), null));

            IdpRequest seen = idp.lastRequest();
            byte[] expected = concat("p=tls-server-end-point,,".getBytes(StandardCharsets.US_ASCII), TLS.data());
            assertThat(seen.channelBinding()).isPresent();
            assertThat(seen.channelBinding().get().type()).isEqualTo("tls-server-end-point");
            assertThat(seen.channelBinding().get().value()).isEqualTo(expected);
            assertThat(seen.authnRequest().signed()).isTrue();
            assertThat(new String(seen.authnRequest().toBytes(), StandardCharsets.UTF_8))
                    .contains("ChannelBindings").contains(java.util.Base64.getEncoder().encodeToString(expected));
        }
    }

    @Test
    void serverWhenAssertionLacksChannelBindingThenRefused() throws Exception {
        try (ScriptedIdp idp = new ScriptedIdp(request -> wellBehaved(request).build())) {
            SaslServer server = fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor,
                    Map.of(SamlecSasl.CHANNEL_BINDING, TLS), null);
            Object[] result = exchange(idp, SamlecSasl.SAML20EC_PLUS, Map.of(SamlecSasl.CHANNEL_BINDING, TLS), server);

            assertThatThrownBy(() -> server.evaluateResponse((byte[]) result[1]))
                    .isInstanceOf(SamlecSaslException.class).hasMessageStartingWith("channel_binding_mismatch: ");
            assertThat(server.isComplete()).isFalse();
        }
    }

    @Test
    void serverWhenUnboundExchangeThenSameAssertionAccepted() throws Exception {
        try (ScriptedIdp idp = new ScriptedIdp(request -> wellBehaved(request).build())) {
            SaslServer server = fixture.server(acceptor);
            Object[] result = exchange(idp, SamlecSasl.SAML20EC, Map.of(), server);

            assertThat(server.evaluateResponse((byte[]) result[1])).isNull();
            assertThat(server.isComplete()).isTrue();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
