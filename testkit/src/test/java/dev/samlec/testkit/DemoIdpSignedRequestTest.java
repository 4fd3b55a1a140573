package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SOAP_NS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.assertSignedBy;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.fault;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.resource;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static dev.samlec.testkit.SamlEcRequests.assertRequestAuthenticated;
import static dev.samlec.testkit.SamlEcRequests.authnRequest;
import static dev.samlec.testkit.SamlEcRequests.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.Pem;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.metadata.MetadataAggregate;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.metadata.MetadataLoader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Fault;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class DemoIdpSignedRequestTest {
    private static final String STRICT_SP = "https://strict.example.org/sp";
    private static final String UNKEYED_SP = "https://unkeyed.example.org/sp";
    private static final String EC_SP = "https://ec.example.org/sp";
    private static final HttpClient CLIENT = EcpTestSupport.client();
    private static DemoIdp idp;
    private static SigningKey spKey;
    private static SigningKey ecKey;

    @BeforeAll
    static void start() throws Exception {
        spKey = new SigningKey(Pem.parsePrivateKey(text("sp-encryption.key"), "sp key"),
                Pem.parseCertificates(text("sp-encryption.crt"), "sp cert").get(0));
        ecKey = SamlEcRequests.ecSigningKey(DemoTls.generate().clientKeyStore("ec-sp"));
        idp = DemoIdp.start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS))
                .signingCertificate(spKey.certificate()).build());
        idp.registerServiceProvider(ServiceProviderRegistration.builder(STRICT_SP).acsUrls(List.of(ACS))
                .signingCertificate(spKey.certificate()).requireSignedRequests(true).build());
        idp.registerServiceProvider(UNKEYED_SP, List.of(ACS));
        idp.registerServiceProvider(ServiceProviderRegistration.builder(EC_SP).acsUrls(List.of(ACS))
                .signingCertificate(ecKey.certificate()).build());
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static String text(String name) {
        return new String(resource(name), StandardCharsets.US_ASCII);
    }

    private static HttpResponse<byte[]> alice(byte[] body) throws Exception {
        return post(CLIENT, idp.ssoUrl(), body, "alice", "alicepw");
    }

    private static String clientFault(HttpResponse<byte[]> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(500);
        Fault fault = fault(answer.body());
        assertThat(fault.getCode().getValue().getNamespaceURI()).isEqualTo(SOAP_NS);
        assertThat(fault.getCode().getValue().getLocalPart()).isEqualTo("Client");
        return fault.getMessage().getValue();
    }

    @Test
    void loginWhenRequestSignedWithRegisteredKeyThenRequestAuthenticatedAndAssertion() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_s1", r -> { }), spKey));

        HttpResponse<byte[]> answer = alice(body);

        assertThat(answer.statusCode()).isEqualTo(200);
        Envelope envelope = envelope(answer.body());
        assertRequestAuthenticated(envelope, true);
        Response response = samlResponse(envelope);
        assertThat(response.getStatus().getStatusCode().getValue()).isEqualTo(StatusCode.SUCCESS);
        assertSignedBy(response.getAssertions().get(0), idp.signingCertificate());
    }

    @Test
    void loginWhenRequestSignedWithEcdsaSha256ThenRequestAuthenticated() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_s2", EC_SP, ACS, r -> { }), ecKey));

        assertRequestAuthenticated(envelope(alice(body).body()), true);
    }

    @Test
    void loginWhenRequestUnsignedThenAssertionWithoutRequestAuthenticated() throws Exception {
        Envelope envelope = envelope(alice(SamlEcRequests.envelope(authnRequest("_s3", r -> { }))).body());

        assertRequestAuthenticated(envelope, false);
        assertThat(samlResponse(envelope).getAssertions()).hasSize(1);
    }

    @Test
    void loginWhenWrongPasswordOnVerifiedRequestThenAuthnFailedStillRequestAuthenticated() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_s4", r -> { }), spKey));

        Envelope envelope = envelope(post(CLIENT, idp.ssoUrl(), body, "alice", "nope").body());

        assertRequestAuthenticated(envelope, true);
        assertThat(samlResponse(envelope).getStatus().getStatusCode().getStatusCode().getValue())
                .isEqualTo(StatusCode.AUTHN_FAILED);
    }

    @Test
    void loginWhenSignedWithAnotherKeyThenClientFault() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_s5", r -> { }), DemoKeys.idpSigningKey()));

        assertThat(clientFault(alice(body))).contains("does not verify", "registered signing certificate", SP);
    }

    @Test
    void loginWhenSignedRequestTamperedThenClientFault() throws Exception {
        String signed = EcpTestSupport.text(SamlEcRequests.envelope(sign(authnRequest("_s6", r -> { }), spKey)));
        byte[] tampered = signed.replace("IssueInstant=\"2026-11-22T12:00:00", "IssueInstant=\"2026-11-22T12:00:01")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(tampered).isNotEqualTo(signed.getBytes(StandardCharsets.UTF_8));
        assertThat(clientFault(alice(tampered))).contains("does not verify");
    }

    @Test
    void loginWhenSignedButSpHasNoSigningCertificateThenClientFault() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_s7", UNKEYED_SP, ACS, r -> { }), spKey));

        assertThat(clientFault(alice(body))).contains("signed", "no registered signing certificate", UNKEYED_SP);
    }

    @Test
    void loginWhenUnsignedAndSpRequiresSignedRequestsThenClientFaultBefore401() throws Exception {
        byte[] body = SamlEcRequests.envelope(authnRequest("_s8", STRICT_SP, ACS, r -> { }));

        assertThat(clientFault(post(CLIENT, idp.ssoUrl(), body, null, null))).contains("not signed", STRICT_SP);
        byte[] signed = SamlEcRequests.envelope(sign(authnRequest("_s9", STRICT_SP, ACS, r -> { }), spKey));
        assertRequestAuthenticated(envelope(alice(signed).body()), true);
    }

    @Test
    void loginWhenRsaSha1SignatureThenClientFaultNamingTheAlgorithm() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_s10", r -> { }), spKey,
                SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1, SignatureConstants.ALGO_ID_DIGEST_SHA256));

        assertThat(clientFault(alice(body))).contains("signature algorithm", "rsa-sha1");
    }

    @Test
    void loginWhenSha1DigestThenClientFaultNamingTheDigest() throws Exception {
        byte[] body = SamlEcRequests.envelope(sign(authnRequest("_s11", r -> { }), spKey,
                SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256, SignatureConstants.ALGO_ID_DIGEST_SHA1));

        assertThat(clientFault(alice(body))).contains("digest algorithm", "sha1");
    }

    @Test
    void loginWhenSignatureMovedToWrapperRequestThenClientFaultProfile() throws Exception {
        // XSW: an unsigned outer request carries the signature, which references a pristine signed copy hidden in
        // the outer request's Extensions; without the profile check the signature would verify.
        byte[] signedEnvelope = SamlEcRequests.envelope(sign(authnRequest("_inner", r -> { }), spKey));
        Document doc = SecureXmlParser.withDefaultLimit().parse(signedEnvelope, "test").getDocumentElement()
                .getOwnerDocument();
        Element inner = (Element) doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "AuthnRequest")
                .item(0);
        Element signature = (Element) inner.getElementsByTagNameNS(SignatureConstants.XMLSIG_NS, "Signature")
                .item(0);
        Element outer = (Element) inner.cloneNode(true);
        outer.removeChild(outer.getElementsByTagNameNS(SignatureConstants.XMLSIG_NS, "Signature").item(0));
        outer.setAttribute("ID", "_outer");
        inner.removeChild(signature);
        Element extensions = doc.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
        Element issuer = (Element) outer.getFirstChild();
        outer.insertBefore(signature, issuer.getNextSibling());
        outer.insertBefore(extensions, signature.getNextSibling());
        inner.getParentNode().replaceChild(outer, inner);
        extensions.appendChild(inner);

        String message = clientFault(alice(XmlWriter.toBytes(doc.getDocumentElement())));
        assertThat(message).contains("SAML signature profile");
    }

    @Test
    void loginWhenTwoSignatureElementsThenClientFault() throws Exception {
        byte[] signedEnvelope = SamlEcRequests.envelope(sign(authnRequest("_twice", r -> { }), spKey));
        Document doc = SecureXmlParser.withDefaultLimit().parse(signedEnvelope, "test");
        Element signature = (Element) doc.getElementsByTagNameNS(SignatureConstants.XMLSIG_NS, "Signature").item(0);
        signature.getParentNode().insertBefore(signature.cloneNode(true), signature);

        assertThat(clientFault(alice(XmlWriter.toBytes(doc.getDocumentElement())))).contains("one ds:Signature",
                "found 2");
    }

    @Test
    void loginWhenSignedIdAppearsTwiceThenClientFault() throws Exception {
        String signed = EcpTestSupport.text(SamlEcRequests.envelope(sign(authnRequest("_dup", r -> { }), spKey)));
        String withCopy = signed.replaceFirst("<(\\w+):Body>", "<$1:Header><x:Decoy xmlns:x=\"urn:x\" ID=\"_dup\"/>"
                + "</$1:Header><$1:Body>");

        assertThat(clientFault(alice(withCopy.getBytes(StandardCharsets.UTF_8))))
                .contains("_dup", "must appear once");
    }

    @Test
    void registrationWhenInvalidThenIllegalArgument() {
        assertThatThrownBy(() -> ServiceProviderRegistration.builder(" ").acsUrls(List.of(ACS)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entityId");
        assertThatThrownBy(() -> ServiceProviderRegistration.builder(SP).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acsUrls");
        assertThatThrownBy(() -> ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS, " ")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS))
                .requireSignedRequests(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signingCertificate");
    }

    @Test
    void registrationThenGettersAndToString() {
        ServiceProviderRegistration registration = ServiceProviderRegistration.builder(SP)
                .acsUrls(List.of(ACS, "ldap@localhost")).signingCertificate(spKey.certificate())
                .encryptionCertificate(spKey.certificate()).requireSignedRequests(true).build();

        assertThat(registration.entityId()).isEqualTo(SP);
        assertThat(registration.acsUrls()).containsExactly(ACS, "ldap@localhost");
        assertThat(registration.signingCertificate()).contains(spKey.certificate());
        assertThat(registration.encryptionCertificate()).contains(spKey.certificate());
        assertThat(registration.requireSignedRequests()).isTrue();
        assertThat(registration.toString()).contains(SP, "signed requests required");
    }

    @Test
    void idpWhenRequireSignedRequestsThenMetadataSaysSoAndUnsignedRequestOfAnySpRefused() throws Exception {
        try (DemoIdp strict = DemoIdp.builder().requireSignedRequests().start()) {
            strict.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS))
                    .signingCertificate(spKey.certificate()).build());

            assertThat(strict.requireSignedRequests()).isTrue();
            assertThat(MetadataLoader.builder().build().load(strict.metadata(), "strict").wantAuthnRequestsSigned())
                    .isTrue();
            HttpResponse<byte[]> unsigned = post(CLIENT, strict.ssoUrl(),
                    SamlEcRequests.envelope(authnRequest("_w1", r -> { })), "alice", "alicepw");
            assertThat(clientFault(unsigned)).contains("not signed", "this IdP requires signed requests", SP);
            byte[] signed = SamlEcRequests.envelope(sign(authnRequest("_w2", r -> { }), spKey));
            assertRequestAuthenticated(envelope(post(CLIENT, strict.ssoUrl(), signed, "alice", "alicepw").body()),
                    true);
        }
        assertThat(idp.requireSignedRequests()).isFalse();
        assertThat(MetadataLoader.builder().build().load(idp.metadata(), "default").wantAuthnRequestsSigned())
                .isFalse();
    }

    @Test
    void federationMetadataWhenIdpWantsSignedRequestsThenReaderAndTrustSeeTheFlag() throws Exception {
        try (DemoIdp strict = DemoIdp.builder().requireSignedRequests().start()) {
            byte[] xml = FederationMetadataBuilder.aggregate("urn:test").unsigned()
                    .add(FederationMetadataBuilder.Idp.of(strict))
                    .add(FederationMetadataBuilder.Idp.of(idp))
                    .add(FederationMetadataBuilder.idp("https://set.example.org/idp")
                            .signingCertificate(spKey.certificate()).wantAuthnRequestsSigned(true))
                    .toBytes();
            MetadataAggregate aggregate = MetadataAggregateReader.builder().unsigned().build().read(xml, "test");

            assertThat(aggregate.find(strict.entityId()).orElseThrow().wantAuthnRequestsSigned()).isTrue();
            assertThat(aggregate.find(strict.entityId()).orElseThrow().toTrustedIdp().wantAuthnRequestsSigned())
                    .isTrue();
            assertThat(aggregate.find(idp.entityId()).orElseThrow().wantAuthnRequestsSigned()).isFalse();
            assertThat(aggregate.find("https://set.example.org/idp").orElseThrow().wantAuthnRequestsSigned())
                    .isTrue();
        }
    }
}
