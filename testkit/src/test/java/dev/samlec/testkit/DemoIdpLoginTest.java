package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.assertSignedBy;
import static dev.samlec.testkit.EcpTestSupport.attribute;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.request;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static dev.samlec.testkit.EcpTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.NameIDPolicy;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.ecp.impl.ResponseImpl;
import org.opensaml.soap.soap11.Envelope;
import org.w3c.dom.Element;

class DemoIdpLoginTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static DemoDirectory directory;
    private static DemoIdp idp;
    private static final HttpClient CLIENT = EcpTestSupport.client();

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start();
        idp = DemoIdp.builder().directory(directory).clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
        idp.registerServiceProvider(SP, List.of(ACS));
    }

    @AfterAll
    static void stop() {
        idp.close();
        directory.close();
    }

    private static HttpResponse<byte[]> login(String id, String user, String password) throws Exception {
        return post(CLIENT, idp.ssoUrl(), request(id), user, password);
    }

    @Test
    void loginWhenPasswordRightThenEcpEnvelopeWithSignedResponseAndSignedAssertion() throws Exception {
        HttpResponse<byte[]> answer = login("_req-alice", "alice", "alicepw");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/xml"));
        Envelope envelope = envelope(answer.body());
        ResponseImpl ecp = (ResponseImpl) envelope.getHeader().getUnknownXMLObjects().get(0);
        assertThat(ecp.getAssertionConsumerServiceURL()).isEqualTo(ACS);
        assertThat(ecp.isSOAP11MustUnderstand()).isTrue();
        assertThat(ecp.getSOAP11Actor()).isEqualTo("http://schemas.xmlsoap.org/soap/actor/next");
        Response response = samlResponse(envelope);
        assertSignedBy(response, idp.signingCertificate());
        assertThat(response.getID()).startsWith("_");
        assertThat(response.getIssueInstant()).isEqualTo(NOW);
        assertThat(response.getDestination()).isEqualTo(ACS);
        assertThat(response.getInResponseTo()).isEqualTo("_req-alice");
        assertThat(response.getIssuer().getValue()).isEqualTo(idp.entityId());
        assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
        assertThat(response.getAssertions()).hasSize(1);
        assertThat(response.getEncryptedAssertions()).isEmpty();
        assertSignedBy(response.getAssertions().get(0), idp.signingCertificate());
    }

    @Test
    void loginWhenPasswordRightThenAssertionSubjectConditionsAndAuthnStatement() throws Exception {
        Assertion assertion = samlResponse(envelope(login("_req-subject", "alice", "alicepw").body()))
                .getAssertions().get(0);

        assertThat(assertion.getIssuer().getValue()).isEqualTo(idp.entityId());
        assertThat(assertion.getIssueInstant()).isEqualTo(NOW);
        assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("alice");
        assertThat(assertion.getSubject().getNameID().getFormat()).isEqualTo(DemoAttributes.NAMEID_UNSPECIFIED);
        SubjectConfirmation confirmation = assertion.getSubject().getSubjectConfirmations().get(0);
        assertThat(confirmation.getMethod()).isEqualTo(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData data = confirmation.getSubjectConfirmationData();
        assertThat(data.getRecipient()).isEqualTo(ACS);
        assertThat(data.getInResponseTo()).isEqualTo("_req-subject");
        assertThat(data.getNotOnOrAfter()).isEqualTo(NOW.plusSeconds(300));
        assertThat(assertion.getConditions().getNotBefore()).isEqualTo(NOW.minusSeconds(30));
        assertThat(assertion.getConditions().getNotOnOrAfter()).isEqualTo(NOW.plusSeconds(300));
        assertThat(assertion.getConditions().getAudienceRestrictions().get(0).getAudiences().get(0).getURI())
                .isEqualTo(SP);
        AuthnStatement authn = assertion.getAuthnStatements().get(0);
        assertThat(authn.getAuthnInstant()).isEqualTo(NOW);
        assertThat(authn.getSessionIndex()).startsWith("_");
        assertThat(authn.getAuthnContext().getAuthnContextClassRef().getURI())
                .isEqualTo(DemoAttributes.PASSWORD_PROTECTED_TRANSPORT);
    }

    @Test
    void loginWhenAliceThenDirectoryAttributesWithStandardNames() throws Exception {
        Assertion assertion = samlResponse(envelope(login("_req-attrs", "alice", "alicepw").body()))
                .getAssertions().get(0);

        assertThat(values(assertion, DemoAttributes.UID)).containsExactly("alice");
        assertThat(values(assertion, DemoAttributes.MAIL)).containsExactly("alice@samlec.dev");
        assertThat(values(assertion, DemoAttributes.CN)).containsExactly("Alice Example");
        assertThat(values(assertion, DemoAttributes.GROUPS)).containsExactly("admins", "staff");
        assertThat(attribute(assertion, DemoAttributes.MAIL).getFriendlyName()).isEqualTo("mail");
        assertThat(attribute(assertion, DemoAttributes.MAIL).getNameFormat())
                .isEqualTo(DemoAttributes.NAME_FORMAT_URI);
        assertThat(attribute(assertion, DemoAttributes.GROUPS).getFriendlyName()).isEqualTo("groups");
    }

    @Test
    void loginWhenCarolThenNoGroupsAttribute() throws Exception {
        Assertion assertion = samlResponse(envelope(login("_req-carol", "carol", "carolpw").body()))
                .getAssertions().get(0);

        assertThat(values(assertion, DemoAttributes.UID)).containsExactly("carol");
        assertThat(values(assertion, DemoAttributes.GROUPS)).isEmpty();
    }

    @Test
    void loginWhenEmailNameIdRequestedThenMailAsNameId() throws Exception {
        byte[] body = request("_req-email", r -> {
            NameIDPolicy policy = SamlObjects.build(NameIDPolicy.DEFAULT_ELEMENT_NAME);
            policy.setFormat(DemoAttributes.NAMEID_EMAIL);
            r.setNameIDPolicy(policy);
        });

        Assertion assertion = samlResponse(envelope(post(CLIENT, idp.ssoUrl(), body, "bob", "bobpw").body()))
                .getAssertions().get(0);
        assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("bob@samlec.dev");
        assertThat(assertion.getSubject().getNameID().getFormat()).isEqualTo(DemoAttributes.NAMEID_EMAIL);
    }

    @Test
    void loginThenAssertionSignatureSurvivesExtractionFromTheEnvelope() throws Exception {
        Response response = samlResponse(envelope(login("_req-extract", "alice", "alicepw").body()));
        byte[] standalone = XmlWriter.standalone(response.getAssertions().get(0).getDOM());

        Element root = SecureXmlParser.withDefaultLimit().parse(standalone, "assertion").getDocumentElement();
        Assertion reparsed = (Assertion) XMLObjectSupport.getUnmarshaller(root).unmarshall(root);
        assertSignedBy(reparsed, idp.signingCertificate());
    }

    @Test
    void loginTwiceThenFreshIdsEachTime() throws Exception {
        Response first = samlResponse(envelope(login("_req-1", "bob", "bobpw").body()));
        Response second = samlResponse(envelope(login("_req-2", "bob", "bobpw").body()));

        assertThat(first.getID()).isNotEqualTo(second.getID());
        assertThat(first.getAssertions().get(0).getID()).isNotEqualTo(second.getAssertions().get(0).getID());
    }

    @Test
    void loginWhenWrongPasswordThenSignedResponderAuthnFailedWithoutAssertion() throws Exception {
        HttpResponse<byte[]> answer = login("_req-wrong", "alice", "wrong");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertAuthnFailed(answer.body(), "_req-wrong");
    }

    @Test
    void loginWhenUnknownUserThenSameAuthnFailed() throws Exception {
        assertAuthnFailed(login("_req-unknown", "mallory", "alicepw").body(), "_req-unknown");
    }

    @Test
    void loginWhenDnInjectionThenAuthnFailed() throws Exception {
        assertAuthnFailed(login("_req-inject", "alice,ou=people,dc=samlec,dc=dev", "alicepw").body(), "_req-inject");
        assertAuthnFailed(login("_req-inject2", "alice,ou=x", "alicepw").body(), "_req-inject2");
    }

    @Test
    void loginWhenEmptyPasswordThenAuthnFailed() throws Exception {
        assertAuthnFailed(login("_req-empty", "alice", "").body(), "_req-empty");
    }

    @Test
    void loginWhenNoAuthorizationThen401WithBasicChallenge() throws Exception {
        HttpResponse<byte[]> answer = login("_req-anon", null, null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"samlec demo IdP\"");
    }

    @Test
    void loginWhenAuthorizationIsNotBasicThen401() throws Exception {
        HttpResponse<byte[]> answer = CLIENT.send(java.net.http.HttpRequest.newBuilder(idp.ssoUrl())
                .header("Authorization", "Bearer abc").POST(java.net.http.HttpRequest.BodyPublishers
                        .ofByteArray(request("_req-bearer"))).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void loginThenRequestsAndAssertionsCounted() throws Exception {
        long requests = idp.requestCount();
        long assertions = idp.assertionCount();

        login("_req-count1", "bob", "bobpw");
        login("_req-count2", "bob", "nope");

        assertThat(idp.requestCount()).isGreaterThanOrEqualTo(requests + 2);
        assertThat(idp.assertionCount()).isGreaterThanOrEqualTo(assertions + 1);
    }

    private static void assertAuthnFailed(byte[] body, String requestId) throws Exception {
        Envelope envelope = envelope(body);
        Response response = samlResponse(envelope);
        assertSignedBy(response, idp.signingCertificate());
        assertThat(response.getInResponseTo()).isEqualTo(requestId);
        assertThat(response.getDestination()).isEqualTo(ACS);
        StatusCode code = response.getStatus().getStatusCode();
        assertThat(code.getValue()).isEqualTo(StatusCode.RESPONDER);
        assertThat(code.getStatusCode().getValue()).isEqualTo(StatusCode.AUTHN_FAILED);
        assertThat(response.getAssertions()).isEmpty();
        assertThat(response.getEncryptedAssertions()).isEmpty();
        assertThat(((ResponseImpl) envelope.getHeader().getUnknownXMLObjects().get(0))
                .getAssertionConsumerServiceURL()).isEqualTo(ACS);
    }
}
