package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.TestCredentials;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SAML20EC-PLUS and mutual authentication end to end with the demo IdP, which verifies the service's signed
 * request, answers ecp:RequestAuthenticated, compares the client's channel binding with the signed one and echoes it
 * in the assertion's Advice.
 */
class SaslDemoIdpBindingTest {
    private static final TlsChannelBinding TLS = new TlsChannelBinding("tls-server-end-point", new byte[] {9, 8, 7});
    private static final TlsChannelBinding OTHER_TLS = new TlsChannelBinding("tls-server-end-point", new byte[] {6});
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

    private static SaslServer plusServer() throws Exception {
        return fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor, Map.of(SamlecSasl.CHANNEL_BINDING, TLS), null);
    }

    private static SaslClient plusClient(TlsChannelBinding binding, String authzid) throws Exception {
        return fixture.client(SamlecSasl.SAML20EC_PLUS, authzid, Map.of(SamlecSasl.CHANNEL_BINDING, binding),
                fixture.userHandler("alice", "alicepw"));
    }

    @Test
    void plusWhenBothSidesSeeTheSameTlsDataThenLoginAccepted() throws Exception {
        SaslClient client = plusClient(TLS, null);
        SaslServer server = plusServer();

        SaslFixture.run(client, server);

        assertThat(server.isComplete()).isTrue();
        assertThat(((SamlIdentity) server.getNegotiatedProperty(SamlecSasl.IDENTITY)).nameId().value())
                .isEqualTo("alice");
    }

    @Test
    void plusWhenServerGivenPrefixedBindingDataThenLoginAccepted() throws Exception {
        // OpenLDAP hands GS2 mechanisms "tls-server-end-point:" + hash; the client keeps sending raw cb-data (D1).
        byte[] prefixed = concat("tls-server-end-point:".getBytes(StandardCharsets.US_ASCII), TLS.data());
        for (Object property : List.of(prefixed, new TlsChannelBinding(TlsChannelBinding.TLS_SERVER_END_POINT,
                prefixed))) {
            SaslClient client = plusClient(TLS, null);
            SaslServer server = fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor,
                    Map.of(SamlecSasl.CHANNEL_BINDING, property), null);

            SaslFixture.run(client, server);

            assertThat(server.isComplete()).isTrue();
        }
    }

    @Test
    void plusWhenServerGivenBytesWithoutKnownPrefixThenConfigurationError() {
        assertThatThrownBy(() -> fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor,
                Map.of(SamlecSasl.CHANNEL_BINDING, TLS.data()), null)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("invalid_configuration: ").hasMessageContaining(SamlecSasl.CHANNEL_BINDING);
    }

    @Test
    void plusWhenServerGivenOtherTypesPrefixThenNoMatchingBindingAndClientRefused() throws Exception {
        byte[] exporter = concat("tls-exporter:".getBytes(StandardCharsets.US_ASCII), TLS.data());
        SaslServer server = fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor,
                Map.of(SamlecSasl.CHANNEL_BINDING, exporter), null);
        SaslClient client = plusClient(TLS, null);

        // the server binds tls-exporter only, so the client's tls-server-end-point is not offered
        assertThatThrownBy(() -> server.evaluateResponse(client.evaluateChallenge(new byte[0])))
                .isInstanceOf(SamlecSaslException.class).hasMessageStartingWith("channel_binding_mismatch: ")
                .hasMessageContaining("[tls-exporter]");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void plusWhenClientSeesOtherTlsDataThenIdpRefusesAndServerFails() throws Exception {
        SaslClient client = plusClient(OTHER_TLS, null);
        SaslServer server = plusServer();
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).hasMessageStartingWith("idp_request_denied: ")
                .hasMessageContaining("channel bindings do not match");

        assertThat(client.isComplete()).isFalse();
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).hasMessageStartingWith("idp_request_denied: ");
    }

    @Test
    void plusWhenAuthzidDiffersBetweenEndsThenBindingCoversIt() throws Exception {
        // The client binds "p=...,a=bob," but the server sees "p=...,," (the attacker stripped the authzid): the
        // values given to the IdP differ, so the IdP refuses.
        SaslClient client = plusClient(TLS, "bob");
        SaslServer server = plusServer();
        client.evaluateChallenge(new byte[0]);
        byte[] challenge = server.evaluateResponse("p=tls-server-end-point,,,,".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).hasMessageStartingWith("idp_request_denied: ");
    }

    @Test
    void clientWhenPlainMechanismWithBindingDataAgainstPlusServerThenDowngradeRefused() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.CHANNEL_BINDING, TLS),
                fixture.userHandler("alice", "alicepw"));
        SaslServer server = fixture.server(SamlecSasl.SAML20EC, acceptor, Map.of(SamlecSasl.CHANNEL_BINDING, TLS),
                null);

        byte[] initial = client.evaluateChallenge(new byte[0]);

        assertThat(new String(initial, StandardCharsets.UTF_8)).startsWith("y,");
        assertThatThrownBy(() -> server.evaluateResponse(initial)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("channel_binding_downgrade: ");
    }

    @Test
    void mutualWhenIdpVerifiesSignedRequestThenLoginAccepted() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(Sasl.SERVER_AUTH, "true"),
                fixture.userHandler("bob", "bobpw"));
        SaslServer server = fixture.server(acceptor);

        SaslFixture.run(client, server);

        assertThat(server.getAuthorizationID()).isEqualTo("bob");
    }

    @Test
    void mutualWhenServiceKeyIsEcThenRequestSignedWithEcdsaSha256AndTheIdpVerifiesIt() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(Sasl.SERVER_AUTH, "true"),
                fixture.userHandler("bob", "bobpw"));
        SaslServer server = fixture.server(fixture.ecSigningAcceptor());

        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        String text = new String(challenge, StandardCharsets.UTF_8);
        assertThat(text).contains("Algorithm=\"" + SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256 + "\"")
                .doesNotContain(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        // The client insists on ecp:RequestAuthenticated for mut: the IdP verified the ECDSA signature.
        assertThat(server.evaluateResponse(client.evaluateChallenge(challenge))).isNull();

        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("bob");
    }

    @Test
    void mutualWhenEcSignedRequestIsVerifiedWithAnotherKeyThenIdpRefuses() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(Sasl.SERVER_AUTH, "true"),
                fixture.userHandler("bob", "bobpw"));
        // Registered at the IdP with the RSA certificate, signing with the EC key: the signature must not pass.
        SaslServer server = fixture.server(fixture.acceptor(s -> s.signingKey(TestCredentials.spSigningEc()),
                a -> { }));

        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).isInstanceOf(SamlecSaslException.class);
    }

    @Test
    void mutualWhenServiceCannotSignThenConfigurationErrorAtChallenge() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(Sasl.SERVER_AUTH, "true"),
                fixture.userHandler("bob", "bobpw"));
        SaslServer server = fixture.server(fixture.acceptor());

        assertThatThrownBy(() -> server.evaluateResponse(client.evaluateChallenge(new byte[0])))
                .hasMessageStartingWith("invalid_configuration: ");
    }

    @Test
    void plusWhenAcceptorCannotSignThenServerNotCreated() {
        assertThatThrownBy(() -> fixture.server(SamlecSasl.SAML20EC_PLUS, fixture.acceptor(),
                Map.of(SamlecSasl.CHANNEL_BINDING, TLS), null)).hasMessageStartingWith("invalid_configuration: ");
    }
}
