package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SoapFault;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile or broken peers: every case is a clear error code, never a hang, an exception leak or a login. */
class SaslHostileInputTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
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

    private static SaslClient startedClient(String serverName) throws Exception {
        SaslClient client = javax.security.sasl.Sasl.createSaslClient(new String[] {"SAML20EC"}, null, "ldap",
                serverName, Map.of(), fixture.userHandler("alice", "alicepw"));
        client.evaluateChallenge(new byte[0]);
        return client;
    }

    @Test
    void clientWhenChallengeOversizedThenTooLargeBeforeParsing() throws Exception {
        byte[] huge = new byte[SecureXmlParser.DEFAULT_MAX_BYTES + 1];
        Arrays.fill(huge, (byte) '<');

        assertThatThrownBy(() -> startedClient("localhost").evaluateChallenge(huge))
                .isInstanceOf(SamlecSaslException.class).hasMessageStartingWith("message_too_large: ");
    }

    @Test
    void clientWhenChallengeNotXmlThenMalformedXml() {
        assertThatThrownBy(() -> startedClient("localhost").evaluateChallenge("hello".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("malformed_xml: ");
    }

    @Test
    void clientWhenChallengeIsDoctypeThenRefused() {
        byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>&e;</S:Body></S:Envelope>")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> startedClient("localhost").evaluateChallenge(xxe))
                .hasMessageStartingWith("dtd_forbidden: ");
    }

    @Test
    void clientWhenChallengeIsSoapFaultThenMalformedMessage() {
        byte[] fault = SoapFault.serverFault("go away").toBytes();

        assertThatThrownBy(() -> startedClient("localhost").evaluateChallenge(fault))
                .hasMessageStartingWith("malformed_message: ");
    }

    @Test
    void clientWhenChallengeAcsIsNotTheServiceNameThenFaultAndIdpNeverContacted() throws Exception {
        byte[] challenge = fixture.server(acceptor).evaluateResponse("n,,,,".getBytes(StandardCharsets.UTF_8));
        long before = fixture.idp.requestCount();
        SaslClient client = startedClient("ldap.other.example");

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).hasMessage("acs_mismatch: the service calls"
                + " itself ldap@localhost, but this client connected to ldap@ldap.other.example; the names must be"
                + " equal, so the identity provider was not contacted. Connect with the host name the service is"
                + " registered under (not an IP address or an alias), or set dev.samlec.sasl.serviceName on the"
                + " client to the service's name");
        assertThat(fixture.idp.requestCount()).isEqualTo(before);
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).hasMessageStartingWith("acs_mismatch: ")
                .hasMessageContaining("ldap@ldap.other.example");
    }

    @Test
    void clientWhenIdpDownThenFaultWithUnreachableNoHang() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        IdpEndpoint down = IdpEndpoint.builder(fixture.idp.entityId(),
                URI.create("http://127.0.0.1:" + closedPort + "/idp")).allowInsecureHttp(true)
                .connectTimeout(Duration.ofSeconds(2)).build();
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS, List.of(
                down.withCredentials(dev.samlec.mech.client.IdpCredentials.basic("alice", "alicepw".toCharArray())))),
                null);
        SaslServer server = fixture.server(acceptor);

        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).hasMessageStartingWith("idp_unreachable: ");
    }

    @Test
    void clientWhenHandlerLeavesIdpCallbackUnansweredThenNoIdpConfiguredSayingWhatToSet() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(), callbacks -> { });
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).hasMessageStartingWith("no_idp_configured: ")
                .hasMessageContaining("left IdpCallback unanswered").hasMessageContaining("dev.samlec.sasl.idps")
                .hasMessageContaining("IdpCallback").hasMessageContaining("SamlecLoginModule")
                .satisfies(e -> assertThat(((SamlecSaslException) e).error()).isEqualTo(EcpError.NO_IDP_CONFIGURED));
    }

    @Test
    void clientWhenHandlerDoesNotSupportIdpCallbackThenNoIdpConfiguredNotCredentialsUnavailable() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(), callbacks -> {
            throw new javax.security.auth.callback.UnsupportedCallbackException(callbacks[0]);
        });
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        assertThatThrownBy(() -> client.evaluateChallenge(challenge)).hasMessageStartingWith("no_idp_configured: ")
                .hasMessageContaining("does not answer IdpCallback");
    }

    @Test
    void serverWhenInitialResponseOversizedThenTooLarge() throws Exception {
        byte[] huge = ("n,a=" + "x".repeat(10_000) + ",,,").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> fixture.server(acceptor).evaluateResponse(huge))
                .hasMessageStartingWith("message_too_large: ");
    }

    @Test
    void serverWhenResponseOversizedThenTooLargeBeforeParsing() throws Exception {
        SaslServer server = fixture.server(acceptor);
        server.evaluateResponse("n,,,,".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> server.evaluateResponse(new byte[SecureXmlParser.DEFAULT_MAX_BYTES + 1]))
                .hasMessageStartingWith("message_too_large: ");
    }

    @Test
    void serverWhenResponseNotXmlThenMalformedXml() throws Exception {
        SaslServer server = fixture.server(acceptor);
        server.evaluateResponse("n,,,,".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> server.evaluateResponse("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("malformed_xml: ");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void serverWhenResponseIsTheChallengeEchoedThenMalformed() throws Exception {
        SaslServer server = fixture.server(acceptor);
        byte[] challenge = server.evaluateResponse("n,,,,".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> server.evaluateResponse(challenge)).isInstanceOf(SamlecSaslException.class);
        assertThat(server.isComplete()).isFalse();
    }
}
