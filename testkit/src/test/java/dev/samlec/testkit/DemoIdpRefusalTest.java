package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SOAP_NS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.fault;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.request;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static dev.samlec.testkit.EcpTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.soap.soap11.Fault;

class DemoIdpRefusalTest {
    private static final String ACS2 = "https://sp.example.org/second/ECP";
    private static DemoIdp idp;
    private static final HttpClient CLIENT = EcpTestSupport.client();

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.start();
        idp.registerServiceProvider(SP, List.of(ACS, ACS2));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static HttpResponse<byte[]> alice(byte[] body) throws Exception {
        return post(CLIENT, idp.ssoUrl(), body, "alice", "alicepw");
    }

    private static Fault assertFault(HttpResponse<byte[]> answer, String code) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        Fault fault = fault(answer.body());
        assertThat(fault.getCode().getValue().getNamespaceURI()).isEqualTo(SOAP_NS);
        assertThat(fault.getCode().getValue().getLocalPart()).isEqualTo(code);
        assertThat(text(answer.body())).doesNotContain("SAML:2.0:protocol\"", "SAML:2.0:assertion\"");
        return fault;
    }

    @Test
    void loginWhenRequestNestedThousandsDeepThenClientFaultAndTheIdpKeepsServing() throws Exception {
        byte[] deep = ("<S:Envelope xmlns:S=\"" + SOAP_NS + "\"><S:Body>" + "<a>".repeat(5000) + "</a>".repeat(5000)
                + "</S:Body></S:Envelope>").getBytes(StandardCharsets.UTF_8);

        assertFault(alice(deep), "Client");
        assertThat(alice(request("_after_deep", r -> { })).statusCode()).isEqualTo(200);
    }

    @Test
    void loginWhenSpNotRegisteredThenClientFaultAndNoResponse() throws Exception {
        byte[] body = request("_r1", r -> {
            Issuer issuer = SamlObjects.build(Issuer.DEFAULT_ELEMENT_NAME);
            issuer.setValue("https://evil.example.org/sp");
            r.setIssuer(issuer);
        });

        Fault fault = assertFault(alice(body), "Client");
        assertThat(fault.getMessage().getValue()).isEqualTo(EcpSsoHandler.NOT_REGISTERED);
    }

    @Test
    void loginWhenSpNotRegisteredAndNoCredentialsThenFaultBefore401() throws Exception {
        byte[] body = request("_r1b", r -> r.getIssuer().setValue("https://evil.example.org/sp"));

        assertFault(post(CLIENT, idp.ssoUrl(), body, null, null), "Client");
    }

    @Test
    void loginWhenAcsNotRegisteredForSpThenSameClientFault() throws Exception {
        byte[] body = request("_r2", r -> r.setAssertionConsumerServiceURL("https://evil.example.org/acs"));

        Fault fault = assertFault(alice(body), "Client");
        assertThat(fault.getMessage().getValue()).isEqualTo(EcpSsoHandler.NOT_REGISTERED);
    }

    @Test
    void loginWhenAcsIndexGivenThenThatRegisteredUrlOrFault() throws Exception {
        byte[] second = request("_r3", r -> {
            r.setAssertionConsumerServiceURL(null);
            r.setAssertionConsumerServiceIndex(1);
        });
        byte[] outOfRange = request("_r4", r -> {
            r.setAssertionConsumerServiceURL(null);
            r.setAssertionConsumerServiceIndex(7);
        });

        assertThat(samlResponse(envelope(alice(second).body())).getDestination()).isEqualTo(ACS2);
        assertFault(alice(outOfRange), "Client");
    }

    @Test
    void loginWhenNoAcsInRequestThenFirstRegisteredAcs() throws Exception {
        byte[] body = request("_r5", r -> r.setAssertionConsumerServiceURL(null));

        assertThat(samlResponse(envelope(alice(body).body())).getDestination()).isEqualTo(ACS);
    }

    @Test
    void loginWhenBodyNotWellFormedThenClientFault() throws Exception {
        Fault fault = assertFault(alice("<S:Envelope xmlns:S=\"".getBytes(StandardCharsets.UTF_8)), "Client");

        assertThat(fault.getMessage().getValue()).contains("not well-formed");
    }

    @Test
    void loginWhenDoctypeWithExternalEntityThenClientFaultWithoutFileContent(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE S:Envelope [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + text(request("_r6")).replace(SP + "<", "&x;<");

        HttpResponse<byte[]> answer = alice(xxe.getBytes(StandardCharsets.UTF_8));
        Fault fault = assertFault(answer, "Client");
        assertThat(fault.getMessage().getValue()).contains("DOCTYPE");
        assertThat(text(answer.body())).doesNotContain("TOP-SECRET-CONTENT");
    }

    @Test
    void loginWhenNotASoapEnvelopeThenClientFault() throws Exception {
        String bare = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r7\""
                + " Version=\"2.0\" IssueInstant=\"2026-11-22T12:00:00Z\"/>";

        Fault fault = assertFault(alice(bare.getBytes(StandardCharsets.UTF_8)), "Client");
        assertThat(fault.getMessage().getValue()).contains("not a SOAP 1.1 Envelope");
    }

    @Test
    void loginWhenBodyHoldsNoAuthnRequestThenClientFault() throws Exception {
        String empty = "<S:Envelope xmlns:S=\"" + SOAP_NS + "\"><S:Body><x:Other xmlns:x=\"urn:x\"/></S:Body>"
                + "</S:Envelope>";

        Fault fault = assertFault(alice(empty.getBytes(StandardCharsets.UTF_8)), "Client");
        assertThat(fault.getMessage().getValue()).contains("exactly one samlp:AuthnRequest");
    }

    @Test
    void loginWhenUnknownMustUnderstandHeaderThenMustUnderstandFault() throws Exception {
        String withHeader = text(request("_r8")).replaceFirst("<(\\w+):Body>", "<$1:Header><x:Unknown"
                + " xmlns:x=\"urn:example:unknown\" $1:mustUnderstand=\"1\">x</x:Unknown></$1:Header><$1:Body>");

        assertFault(alice(withHeader.getBytes(StandardCharsets.UTF_8)), "MustUnderstand");
    }

    @Test
    void loginWhenUnsupportedProtocolBindingThenClientFault() throws Exception {
        byte[] body = request("_r9", r -> r.setProtocolBinding("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"));

        assertThat(assertFault(alice(body), "Client").getMessage().getValue()).contains("ProtocolBinding");
    }

    @Test
    void loginWhenNoIssuerThenClientFault() throws Exception {
        byte[] body = request("_r10", r -> r.setIssuer(null));

        assertThat(assertFault(alice(body), "Client").getMessage().getValue()).contains("no Issuer");
    }

    @Test
    void loginWhenBodyLargerThanCapThenClientFault() throws Exception {
        byte[] huge = new byte[EcpRequestReader.MAX_REQUEST_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');

        assertThat(assertFault(alice(huge), "Client").getMessage().getValue()).contains("larger than");
    }

    @Test
    void getOnSsoEndpointThen405AndUnknownPathThen404() throws Exception {
        HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(idp.ssoUrl()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> other = CLIENT.send(HttpRequest.newBuilder(URI.create(idp.ssoUrl() + "/x"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(other.statusCode()).isEqualTo(404);
    }
}
