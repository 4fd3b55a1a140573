package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.soap.soap11.Body;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Fault;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Element;

/** Builds real ECP requests with OpenSAML, posts them over real HTTP, and reads the IdP's answers. */
final class EcpTestSupport {
    static final String SP = "https://sp.example.org/shibboleth";
    static final String ACS = "https://sp.example.org/Shibboleth.sso/SAML2/ECP";
    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    private EcpTestSupport() {
    }

    /** An SOAP envelope whose Body is an AuthnRequest from {@link #SP} for {@link #ACS}, customisable. */
    static byte[] request(String id, Consumer<AuthnRequest> customise) throws Exception {
        OpenSaml.ensureInitialized();
        AuthnRequest request = SamlObjects.build(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(id);
        request.setVersion(SAMLVersion.VERSION_20);
        request.setIssueInstant(Instant.parse("2026-11-22T12:00:00Z"));
        request.setAssertionConsumerServiceURL(ACS);
        request.setProtocolBinding(SAMLConstants.SAML2_PAOS_BINDING_URI);
        Issuer issuer = SamlObjects.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(SP);
        request.setIssuer(issuer);
        customise.accept(request);
        Body body = SamlObjects.build(Body.DEFAULT_ELEMENT_NAME);
        body.getUnknownXMLObjects().add(request);
        Envelope envelope = SamlObjects.build(Envelope.DEFAULT_ELEMENT_NAME);
        envelope.setBody(body);
        return XmlWriter.toBytes(XMLObjectSupport.marshall(envelope));
    }

    static byte[] request(String id) throws Exception {
        return request(id, r -> { });
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** POSTs {@code body} as text/xml, with HTTP Basic unless {@code user} is null. */
    static HttpResponse<byte[]> post(HttpClient client, URI url, byte[] body, String user, String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The answer parsed with the hardened parser and unmarshalled as a SOAP envelope. */
    static Envelope envelope(byte[] answer) throws Exception {
        Element root = SecureXmlParser.withDefaultLimit().parse(answer, "IdP answer").getDocumentElement();
        return (Envelope) XMLObjectSupport.getUnmarshaller(root).unmarshall(root);
    }

    static Response samlResponse(Envelope envelope) {
        List<XMLObject> content = envelope.getBody().getUnknownXMLObjects();
        assertThat(content).hasSize(1);
        assertThat(content.get(0)).isInstanceOf(Response.class);
        return (Response) content.get(0);
    }

    static Fault fault(byte[] answer) throws Exception {
        List<XMLObject> content = envelope(answer).getBody().getUnknownXMLObjects();
        assertThat(content).hasSize(1).first().isInstanceOf(Fault.class);
        return (Fault) content.get(0);
    }

    /** Asserts that {@code object} is signed per the SAML profile and verifies with {@code certificate}. */
    static void assertSignedBy(SignableSAMLObject object, X509Certificate certificate) throws Exception {
        assertThat(object.isSigned()).as("signed").isTrue();
        new SAMLSignatureProfileValidator().validate(object.getSignature());
        SignatureValidator.validate(object.getSignature(), new BasicX509Credential(certificate));
        assertThat(object.getSignature().getSignatureAlgorithm())
                .isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    }

    /** The string values of the attribute with this Name, in order. */
    static List<String> values(Assertion assertion, String name) {
        return assertion.getAttributeStatements().stream().flatMap(s -> s.getAttributes().stream())
                .filter(a -> name.equals(a.getName())).flatMap(a -> a.getAttributeValues().stream())
                .map(v -> ((XSString) v).getValue()).collect(Collectors.toList());
    }

    static Attribute attribute(Assertion assertion, String name) {
        return assertion.getAttributeStatements().stream().flatMap(s -> s.getAttributes().stream())
                .filter(a -> name.equals(a.getName())).findFirst().orElseThrow();
    }

    static byte[] resource(String name) {
        try (InputStream in = EcpTestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
