package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.EcpNamespaces;
import dev.samlec.mech.message.PaosRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks of draft-20 §4.2-§4.5 that docs/conformance.md found without a test: the client's refusals of a challenge
 * that breaks what it asked for (each before the IdP is contacted), the server's reading of a client's SOAP fault,
 * and the written form of the SessionKey offer. Each challenge is a real server challenge, altered in one place.
 */
class SaslChallengeChecksTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static final TlsChannelBinding TLS = new TlsChannelBinding("tls-server-end-point", new byte[] {9, 8, 7});
    private static final String NEXT = "http://schemas.xmlsoap.org/soap/actor/next";
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static SaslFixture fixture;
    private static SamlecAcceptor acceptor;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
        acceptor = fixture.acceptor(s -> s.signingKey(dev.samlec.mech.testing.TestCredentials.spSigning()),
                a -> a.sessionKeyEncTypes(List.of(17, 18)));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void clientWhenMutAskedButChallengeUnsignedThenMutualAuthenticationFailedBeforeTheIdp() throws Exception {
        byte[] unsigned = fixture.server(acceptor).evaluateResponse(bytes("n,,,,"));
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(Sasl.SERVER_AUTH, "true"),
                fixture.userHandler("alice", "alicepw"));
        assertThat(new String(client.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8)).contains(",urn:oasis:"
                + "names:tc:SAML:2.0:profiles:SSO:ecp:2.0:WantAuthnRequestsSigned,");
        long before = fixture.idp.requestCount();

        assertThatThrownBy(() -> client.evaluateChallenge(unsigned)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("mutual_authentication_failed: ");
        assertThat(fixture.idp.requestCount()).isEqualTo(before);
    }

    @Test
    void clientWhenResponseConsumerUrlDiffersFromTheRequestsAcsThenAcsMismatchBeforeTheIdp() throws Exception {
        String challenge = text(fixture.server(acceptor).evaluateResponse(bytes("n,,,,")));
        String acs = "AssertionConsumerServiceURL=\"" + SaslFixture.SERVICE + "\"";
        assertThat(challenge).contains(acs);
        byte[] altered = bytes(challenge.replace(acs, "AssertionConsumerServiceURL=\"https://evil.example/acs\""));
        SaslClient client = fixture.client("alice", "alicepw");
        client.evaluateChallenge(new byte[0]);
        long before = fixture.idp.requestCount();

        assertThatThrownBy(() -> client.evaluateChallenge(altered)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("acs_mismatch: ").hasMessageContaining("https://evil.example/acs");
        assertThat(fixture.idp.requestCount()).isEqualTo(before);
    }

    @Test
    void clientWhenPlusChallengeNamesAnotherBindingTypeThenChannelBindingMismatchBeforeTheIdp() throws Exception {
        SaslClient client = plusClient();
        byte[] initial = client.evaluateChallenge(new byte[0]);
        String challenge = text(plusServer().evaluateResponse(initial));
        assertThat(challenge).contains("Type=\"tls-server-end-point\"");
        long before = fixture.idp.requestCount();

        assertThatThrownBy(() -> client.evaluateChallenge(bytes(challenge.replace("Type=\"tls-server-end-point\"",
                "Type=\"tls-unique\"")))).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("channel_binding_mismatch: ");
        assertThat(fixture.idp.requestCount()).isEqualTo(before);
    }

    @Test
    void clientWhenPlusChallengeHasNoBindingTypeThenChannelBindingMismatchBeforeTheIdp() throws Exception {
        SaslClient client = plusClient();
        byte[] initial = client.evaluateChallenge(new byte[0]);
        byte[] challenge = plusServer().evaluateResponse(initial);
        org.w3c.dom.Document doc = dom(challenge);
        NodeList blocks = doc.getElementsByTagNameNS(EcpNamespaces.CB, "ChannelBindings");
        assertThat(blocks.getLength()).isPositive();
        Element header = (Element) doc.getElementsByTagNameNS(SOAP, "Header").item(0);
        for (int i = blocks.getLength() - 1; i >= 0; i--) {
            if (blocks.item(i).getParentNode() == header) {
                header.removeChild(blocks.item(i));
            }
        }
        byte[] altered = serialize(doc);
        long before = fixture.idp.requestCount();

        assertThatThrownBy(() -> client.evaluateChallenge(altered)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("channel_binding_mismatch: ");
        assertThat(fixture.idp.requestCount()).isEqualTo(before);
    }

    @Test
    void serverWhenClientAnswersWithSoapFaultThenClientSoapFaultQuotingIt() throws Exception {
        SaslServer server = fixture.server(acceptor);
        PaosRequest challenge = PaosRequest.parse(server.evaluateResponse(bytes("n,,,,")), PARSER);
        String relayState = challenge.relayState().map(r -> "<ecp:RelayState xmlns:ecp=\"" + EcpNamespaces.ECP
                + "\" S:mustUnderstand=\"1\" S:actor=\"" + NEXT + "\">" + r + "</ecp:RelayState>").orElse("");
        byte[] fault = bytes("<S:Envelope xmlns:S=\"" + SOAP + "\"><S:Header><paos:Response xmlns:paos=\""
                + EcpNamespaces.PAOS + "\" refToMessageID=\"" + challenge.messageId().orElseThrow()
                + "\" S:mustUnderstand=\"1\" S:actor=\"" + NEXT + "\"/>" + relayState + "</S:Header><S:Body><S:Fault>"
                + "<faultcode>S:Server</faultcode><faultstring>General Failure</faultstring></S:Fault></S:Body>"
                + "</S:Envelope>");

        assertThatThrownBy(() -> server.evaluateResponse(fault)).isInstanceOf(SamlecSaslException.class)
                .hasMessageStartingWith("client_soap_fault: ").hasMessageContaining("General Failure");
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void challengeWhenSessionKeysOfferedThenEachBlockForTheNextNodeMustUnderstandAndWithoutAlgorithm()
            throws Exception {
        org.w3c.dom.Document doc = dom(fixture.server(acceptor).evaluateResponse(bytes("n,,,,")));
        NodeList keys = doc.getElementsByTagNameNS(EcpNamespaces.SAMLEC, "SessionKey");

        assertThat(keys.getLength()).isPositive();
        for (int i = 0; i < keys.getLength(); i++) {
            Element key = (Element) keys.item(i);
            assertThat(key.getAttributeNS(SOAP, "mustUnderstand")).isIn("1", "true");
            assertThat(key.getAttributeNS(SOAP, "actor")).isEqualTo(NEXT);
            assertThat(key.hasAttribute("Algorithm")).isFalse();
            assertThat(key.getElementsByTagNameNS(EcpNamespaces.SAMLEC, "EncType").item(0).getTextContent().trim())
                    .isEqualTo("17");
        }
    }

    private static SaslServer plusServer() throws Exception {
        return fixture.server(SamlecSasl.SAML20EC_PLUS, acceptor, Map.of(SamlecSasl.CHANNEL_BINDING, TLS), null);
    }

    private static SaslClient plusClient() throws Exception {
        return fixture.client(SamlecSasl.SAML20EC_PLUS, null, Map.of(SamlecSasl.CHANNEL_BINDING, TLS),
                fixture.userHandler("alice", "alicepw"));
    }

    private static org.w3c.dom.Document dom(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static byte[] serialize(org.w3c.dom.Document doc) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        javax.xml.transform.TransformerFactory.newInstance().newTransformer().transform(
                new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(out));
        return bytes(out.toString());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
