package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.SAMLP;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.evilEdit;
import static dev.samlec.mech.testing.TestDom.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.testing.RawSigning;
import dev.samlec.mech.testing.RawSigning.Ref;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * goxmldsig CVE-2026-33487 (GHSA-479m-364c-43vc) and its relatives: a digest checked over one referenced element
 * while another element is consumed (several References, a Reference to another element, an empty URI, the same ID
 * twice, ID attribute tricks). Every signature is a real one made with the trusted IdP key by {@link RawSigning}, so
 * only samlec's reference rules stand between the layout and acceptance.
 */
class ReferencedElementTest {
    private static final String A_ID = "_assert-8d3c2b1a0f9e8d7c6b5a";
    private static final String R_ID = "_resp-5b1f0c2e9a7d4e3f8c6b";

    private final ServiceFixture fixture = new ServiceFixture();

    @ParameterizedTest(name = "References {0}")
    @ValueSource(strings = {"assertion,response", "response,assertion", "assertion,assertion"})
    void referencesWhenAssertionSignatureHasSeveralValidOnesThenInvalidSignature(String order) {
        Document doc = TestSamlObjects.unsigned().build();
        String[] targets = order.split(",");
        signAssertion(doc, null, Ref.saml(uri(targets[0])), Ref.saml(uri(targets[1])));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void referencesWhenResponseSignatureAlsoReferencesTheAssertionThenInvalidSignature() {
        Document doc = TestSamlObjects.unsigned().build();
        Element response = doc.getDocumentElement();
        RawSigning.sign(response, child(response, SAMLP, "Status"), TestCredentials.idp(), Ref.saml("#" + R_ID),
                Ref.saml("#" + A_ID));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void referenceWhenAssertionSignatureCoversOnlyItsOwnKeyInfoThenInvalidSignature() {
        // The evil assertion is outside the digest; only the (attacker-chosen) KeyInfo is covered.
        Document doc = TestSamlObjects.unsigned().build();
        evilEdit(assertion(doc));
        signAssertion(doc, "_keyinfo", Ref.of("#_keyinfo", RawSigning.EXC_C14N));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void referenceWhenSignatureInsideAssertionReferencesTheResponseThenInvalidSignature() {
        Document doc = TestSamlObjects.unsigned().build();
        signAssertion(doc, null, Ref.saml("#" + R_ID));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void referenceWhenResponseSignatureReferencesOnlyTheAssertionThenInvalidSignature() {
        // A Response-level signature over the assertion alone would make every unsigned Response field look signed.
        Document doc = TestSamlObjects.unsigned().build();
        Element response = doc.getDocumentElement();
        RawSigning.sign(response, child(response, SAMLP, "Status"), TestCredentials.idp(), Ref.saml("#" + A_ID));
        response.setAttributeNS(null, "Destination", "https://evil.example.net/acs");

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void emptyUriWhenResponseSignatureMovedIntoAssertionThenInvalidSignature() throws Exception {
        // The IdP signed the whole Response (URI="") but gave it no Destination, so it is refused as it stands...
        Document doc = TestSamlObjects.unsigned().destination(null).build();
        Element response = doc.getDocumentElement();
        Element signature = RawSigning.sign(response, child(response, SAMLP, "Status"), TestCredentials.idp(),
                Ref.saml(""));
        assertError(EcpError.INVALID_DESTINATION, () -> new ServiceFixture().validate(bytes(doc)));
        // ...and moved into the assertion the same signature still verifies (the enveloped transform removes it
        // wherever it is), so the Response would pass as unsigned and need no Destination.
        Element a = assertion(doc);
        a.insertBefore(signature, child(a, SAML, "Subject"));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void emptyUriWhenOnAssertionInsideResponseThenInvalidSignature() {
        Document doc = TestSamlObjects.unsigned().build();
        signAssertion(doc, null, Ref.saml(""));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void emptyUriWhenOnResponseThatIsTheDocumentRootThenAccepted() throws Exception {
        Document doc = TestSamlObjects.unsigned().build();
        Element response = doc.getDocumentElement();
        RawSigning.sign(response, child(response, SAMLP, "Status"), TestCredentials.idp(), Ref.saml(""));

        assertSignedIdentity(fixture.validate(bytes(doc)));
    }

    @Test
    void emptyUriWhenOnDecryptedAssertionThatIsItsDocumentRootThenAccepted() throws Exception {
        Document doc = TestSamlObjects.encrypted().build();
        Document standalone = TestDom.parse(XmlWriter.standalone(assertion(TestSamlObjects.unsigned().build())));
        Element plain = standalone.getDocumentElement();
        RawSigning.sign(plain, child(plain, SAML, "Subject"), TestCredentials.idp(), Ref.saml(""));
        Element old = child(doc.getDocumentElement(), SAML, "EncryptedAssertion");
        doc.getDocumentElement().replaceChild(RawEncryption.encryptedAssertion(doc, bytes(standalone),
                TestCredentials.spEncryption().certificate()), old);

        assertSignedIdentity(fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ID", "Id", "id", "AssertionID", "ResponseID", "xml:id"})
    void idsWhenIdLikeAttributeInExtensionsRepeatsAssertionIdThenInvalidStructure(String name) {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element foreign = doc.createElementNS("urn:example:foo", "foo:bar");
        if (name.startsWith("xml:")) {
            foreign.setAttributeNS(XMLConstants.XML_NS_URI, name, A_ID);
        } else {
            foreign.setAttributeNS(null, name, A_ID);
        }
        addExtensions(doc, foreign);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "ds:{0}")
    @ValueSource(strings = {"Signature", "SignatureValue", "KeyInfo"})
    void idsWhenUnsignedPartOfAssertionSignatureRepeatsAssertionIdThenInvalidStructure(String element) {
        // These elements are removed by the enveloped transform and are not in SignedInfo: free to edit.
        Document doc = TestSamlObjects.signedAssertion().build();
        Element signature = signature(assertion(doc));
        Element target = "Signature".equals(element) ? signature : child(signature, DS, element);
        target.setAttributeNS(null, "Id", A_ID);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void idsWhenReferenceNamesASecondIdAttributeOfTheAssertionThenInvalidSignature() {
        Document doc = TestSamlObjects.unsigned().build();
        assertion(doc).setAttributeNS(null, "Id", "_second-id");
        signAssertion(doc, null, Ref.saml("#_second-id"));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void idsWhenNamespacedIdAttributeRepeatsAssertionIdThenInertAndIdentityIsTheSignedOne() throws Exception {
        // Neither OpenSAML nor Santuario resolves an ID through a namespaced attribute.
        Document doc = TestSamlObjects.signedAssertion().build();
        Element foreign = doc.createElementNS("urn:example:foo", "foo:bar");
        foreign.setAttributeNS("urn:example:foo", "foo:ID", A_ID);
        addExtensions(doc, foreign);

        assertSignedIdentity(fixture.validate(bytes(doc)));
    }

    private static Element signAssertion(Document doc, String keyInfoId, Ref... refs) {
        Element a = assertion(doc);
        return RawSigning.sign(a, child(a, SAML, "Subject"), TestCredentials.idp(), keyInfoId, refs);
    }

    private static String uri(String target) {
        return "#" + ("assertion".equals(target) ? A_ID : R_ID);
    }

    private static void addExtensions(Document doc, Element content) {
        Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
        extensions.appendChild(content);
        doc.getDocumentElement().insertBefore(extensions, child(doc.getDocumentElement(), SAMLP, "Status"));
    }

    private static void assertSignedIdentity(SamlIdentity identity) {
        assertThat(identity.nameId().value()).isEqualTo(TestSamlObjects.NAME_ID);
        assertThat(identity.assertionId()).isEqualTo(A_ID);
        assertThat(identity.issuer()).isEqualTo(TestSamlObjects.IDP);
    }
}
