package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.assertSignedBy;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.fault;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.resource;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static dev.samlec.testkit.SamlEcRequests.CB_VALUE;
import static dev.samlec.testkit.SamlEcRequests.TLS_SERVER_END_POINT;
import static dev.samlec.testkit.SamlEcRequests.assertRequestAuthenticated;
import static dev.samlec.testkit.SamlEcRequests.authnRequest;
import static dev.samlec.testkit.SamlEcRequests.clientHeader;
import static dev.samlec.testkit.SamlEcRequests.extension;
import static dev.samlec.testkit.SamlEcRequests.headerBlocks;
import static dev.samlec.testkit.SamlEcRequests.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.soap.soap11.ActorBearing;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;

class DemoIdpChannelBindingTest {
    private static final HttpClient CLIENT = EcpTestSupport.client();
    private static DemoIdp idp;
    private static SigningKey spKey;

    @BeforeAll
    static void start() throws Exception {
        spKey = new SigningKey(Pem.parsePrivateKey(text("sp-encryption.key"), "sp key"),
                Pem.parseCertificates(text("sp-encryption.crt"), "sp cert").get(0));
        idp = DemoIdp.start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS))
                .signingCertificate(spKey.certificate()).build());
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static String text(String name) {
        return new String(resource(name), StandardCharsets.US_ASCII);
    }

    private static AuthnRequest signedWithExtension(String id, String type, byte[] value) throws Exception {
        return sign(authnRequest(id, extension(type, value)), spKey);
    }

    private static HttpResponse<byte[]> alice(byte[] body) throws Exception {
        return post(CLIENT, idp.ssoUrl(), body, "alice", "alicepw");
    }

    /** Asserts HTTP 200 with a signed Requester Response "channel bindings do not match", no assertion, no cb. */
    private static Envelope assertMismatch(HttpResponse<byte[]> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(200);
        Envelope envelope = envelope(answer.body());
        Response response = samlResponse(envelope);
        assertSignedBy(response, idp.signingCertificate());
        assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.REQUESTER);
        assertThat(response.getStatus().getStatusMessage().getValue()).isEqualTo("channel bindings do not match");
        assertThat(response.getAssertions()).isEmpty();
        assertThat(response.getDestination()).isEqualTo(ACS);
        assertThat(headerBlocks(envelope, ChannelBindings.DEFAULT_ELEMENT_NAME)).isEmpty();
        return envelope;
    }

    private static ChannelBindings single(List<XMLObject> blocks) {
        assertThat(blocks).hasSize(1);
        return (ChannelBindings) blocks.get(0);
    }

    @Test
    void loginWhenBindingsMatchThenHeaderEchoAndAdviceInsideTheAssertionSignature() throws Exception {
        byte[] body = SamlEcRequests.envelope(signedWithExtension("_cb1", TLS_SERVER_END_POINT, CB_VALUE),
                clientHeader(TLS_SERVER_END_POINT, CB_VALUE));

        HttpResponse<byte[]> answer = alice(body);

        assertThat(answer.statusCode()).isEqualTo(200);
        Envelope envelope = envelope(answer.body());
        assertRequestAuthenticated(envelope, true);
        ChannelBindings header = single(headerBlocks(envelope, ChannelBindings.DEFAULT_ELEMENT_NAME));
        assertThat(header.getType()).isEqualTo(TLS_SERVER_END_POINT);
        assertThat(Base64.getDecoder().decode(header.getValue())).isEqualTo(CB_VALUE);
        assertThat(header.isSOAP11MustUnderstand()).isTrue();
        assertThat(header.getSOAP11Actor()).isEqualTo(ActorBearing.SOAP11_ACTOR_NEXT);
        Response response = samlResponse(envelope);
        assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
        Assertion assertion = response.getAssertions().get(0);
        assertSignedBy(assertion, idp.signingCertificate());
        ChannelBindings advice = single(assertion.getAdvice().getChildren(ChannelBindings.DEFAULT_ELEMENT_NAME));
        assertThat(advice.getType()).isEqualTo(TLS_SERVER_END_POINT);
        assertThat(Base64.getDecoder().decode(advice.getValue())).isEqualTo(CB_VALUE);
        assertThat(advice.getDOM().getAttributeNodeNS(EcpTestSupport.SOAP_NS, "mustUnderstand")).isNull();
    }

    @Test
    void loginWhenBindingsMatchAndAssertionEncryptedThenAdviceInsideTheEncryptedAssertion() throws Exception {
        try (DemoIdp encrypting = DemoIdp.start()) {
            encrypting.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS))
                    .signingCertificate(spKey.certificate()).encryptionCertificate(spKey.certificate()).build());
            byte[] body = SamlEcRequests.envelope(signedWithExtension("_cb2", "tls-exporter", CB_VALUE),
                    clientHeader("tls-exporter", CB_VALUE));

            Envelope envelope = envelope(post(CLIENT, encrypting.ssoUrl(), body, "bob", "bobpw").body());

            Response response = samlResponse(envelope);
            assertThat(response.getAssertions()).isEmpty();
            assertThat(single(headerBlocks(envelope, ChannelBindings.DEFAULT_ELEMENT_NAME)).getType())
                    .isEqualTo("tls-exporter");
            Decrypter decrypter = new Decrypter(null, new StaticKeyInfoCredentialResolver(new BasicX509Credential(
                    spKey.certificate(), spKey.privateKey())), new InlineEncryptedKeyResolver());
            decrypter.setRootInNewDocument(true);
            Assertion assertion = decrypter.decrypt(response.getEncryptedAssertions().get(0));
            assertSignedBy(assertion, encrypting.signingCertificate());
            ChannelBindings advice = single(assertion.getAdvice().getChildren(ChannelBindings.DEFAULT_ELEMENT_NAME));
            assertThat(Base64.getDecoder().decode(advice.getValue())).isEqualTo(CB_VALUE);
        }
    }

    @Test
    void loginWhenValuesDifferThenSignedRequesterResponseWithoutAssertion() throws Exception {
        byte[] other = "p=tls-server-end-point,,ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8);
        byte[] body = SamlEcRequests.envelope(signedWithExtension("_cb3", TLS_SERVER_END_POINT, CB_VALUE),
                clientHeader(TLS_SERVER_END_POINT, other));

        Envelope envelope = assertMismatch(alice(body));
        assertRequestAuthenticated(envelope, true);
        assertThat(samlResponse(envelope).getInResponseTo()).isEqualTo("_cb3");
    }

    @Test
    void loginWhenTypesDifferThenMismatch() throws Exception {
        byte[] body = SamlEcRequests.envelope(signedWithExtension("_cb4", TLS_SERVER_END_POINT, CB_VALUE),
                clientHeader("tls-exporter", CB_VALUE));

        assertMismatch(alice(body));
    }

    @Test
    void loginWhenClientSentNoHeaderThenMismatch() throws Exception {
        byte[] body = SamlEcRequests.envelope(signedWithExtension("_cb5", TLS_SERVER_END_POINT, CB_VALUE));

        assertMismatch(alice(body));
    }

    @Test
    void loginWhenSignedRequestHasNoExtensionThenMismatch() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_cb6", r -> { }), spKey),
                clientHeader(TLS_SERVER_END_POINT, CB_VALUE));

        assertMismatch(alice(body));
    }

    @Test
    void loginWhenRequestUnsignedThenMismatchEvenIfValuesAgree() throws Exception {
        byte[] body = SamlEcRequests.envelope(authnRequest("_cb7", extension(TLS_SERVER_END_POINT, CB_VALUE)),
                clientHeader(TLS_SERVER_END_POINT, CB_VALUE));

        Envelope envelope = assertMismatch(alice(body));
        assertRequestAuthenticated(envelope, false);
    }

    @Test
    void loginWhenMismatchAndNoCredentialsThenMismatchResponseWithout401() throws Exception {
        byte[] body = SamlEcRequests.envelope(signedWithExtension("_cb8", TLS_SERVER_END_POINT, CB_VALUE));

        assertMismatch(post(CLIENT, idp.ssoUrl(), body, null, null));
    }

    @Test
    void loginWhenTwoExtensionsOfTheClientTypeThenMismatch() throws Exception {
        AuthnRequest request = authnRequest("_cb9", extension(TLS_SERVER_END_POINT, CB_VALUE)
                .andThen(extension(TLS_SERVER_END_POINT, new byte[] {1})));
        byte[] body = SamlEcRequests.envelope(sign(request, spKey), clientHeader(TLS_SERVER_END_POINT, CB_VALUE));

        assertMismatch(alice(body));
    }

    @Test
    void loginWhenTwoClientHeadersThenClientFault() throws Exception {
        byte[] body = SamlEcRequests.envelope(signedWithExtension("_cb10", TLS_SERVER_END_POINT, CB_VALUE),
                clientHeader(TLS_SERVER_END_POINT, CB_VALUE), clientHeader(TLS_SERVER_END_POINT, CB_VALUE));

        HttpResponse<byte[]> answer = alice(body);
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(fault(answer.body()).getMessage().getValue()).contains("more than one cb:ChannelBindings");
    }

    @Test
    void loginWhenClientHeaderNotBase64ThenClientFault() throws Exception {
        String body = EcpTestSupport.text(SamlEcRequests.envelope(
                signedWithExtension("_cb11", TLS_SERVER_END_POINT, CB_VALUE),
                clientHeader(TLS_SERVER_END_POINT, CB_VALUE)));
        String broken = body.replaceFirst(Pattern.quote(">" + Base64.getEncoder().encodeToString(CB_VALUE) + "</"),
                ">**not base64**</");

        HttpResponse<byte[]> answer = alice(broken.getBytes(StandardCharsets.UTF_8));
        assertThat(broken).isNotEqualTo(body);
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(fault(answer.body()).getMessage().getValue()).contains("base64");
    }
}
