package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.SAMLP;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.first;
import static dev.samlec.mech.testing.TestDom.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * passport-wsfed-saml2 CVE-2025-46573 (GHSA-8gqj-226h-gm8r): attribute smuggling, where the identity is read from
 * parts of the document the signature does not cover. The signed assertion is the baseline (NameID alice, mail and
 * eduPersonAffiliation) and the attacker adds {@code role=admin} or another subject around it. The rule: unsigned
 * SAML content outside its place is refused, and whatever is accepted yields an identity equal to the signed
 * assertion's content, nothing more.
 */
class AttributeSmugglingTest {
    private static final String XENC = "http://www.w3.org/2001/04/xmlenc#";

    private final ServiceFixture fixture = new ServiceFixture();

    @ParameterizedTest(name = "saml:Attribute in {0}")
    @ValueSource(strings = {"Response", "Extensions", "Status", "StatusMessage", "StatusDetail",
        "AttributeStatement in StatusDetail"})
    void unsignedAttributeWhenPlacedInResponseOutsideAssertionThenInvalidStructure(String place) {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element response = doc.getDocumentElement();
        Element status = child(response, SAMLP, "Status");
        switch (place) {
            case "Response":
                response.appendChild(adminAttribute(doc));
                break;
            case "Extensions":
                response.insertBefore(wrap(doc, SAMLP, "samlp:Extensions", adminAttribute(doc)), status);
                break;
            case "Status":
                status.appendChild(adminAttribute(doc));
                break;
            case "StatusMessage":
                status.appendChild(wrap(doc, SAMLP, "samlp:StatusMessage", adminAttribute(doc)));
                break;
            case "StatusDetail":
                status.appendChild(wrap(doc, SAMLP, "samlp:StatusDetail", adminAttribute(doc)));
                break;
            default:
                status.appendChild(wrap(doc, SAMLP, "samlp:StatusDetail", wrap(doc, SAML, "saml2:AttributeStatement",
                        adminAttribute(doc))));
        }

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void unsignedAttributeStatementWhenResponseChildThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        doc.getDocumentElement().appendChild(wrap(doc, SAML, "saml2:AttributeStatement", adminAttribute(doc)));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "before signed one: {0}")
    @ValueSource(booleans = {true, false})
    void unsignedAssertionWhenOnlyCarryingAttributesNextToSignedOneThenInvalidStructure(boolean before) {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element signed = assertion(doc);
        Element smuggled = doc.createElementNS(SAML, "saml2:Assertion");
        smuggled.setAttributeNS(null, "ID", "_smuggled");
        smuggled.setAttributeNS(null, "Version", "2.0");
        smuggled.setAttributeNS(null, "IssueInstant", TestSamlObjects.NOW.toString());
        smuggled.appendChild(wrap(doc, SAML, "saml2:Issuer", doc.createTextNode(TestSamlObjects.IDP)));
        smuggled.appendChild(wrap(doc, SAML, "saml2:AttributeStatement", adminAttribute(doc)));
        doc.getDocumentElement().insertBefore(smuggled, before ? signed : null);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "ds:{0}")
    @ValueSource(strings = {"KeyInfo", "X509Data"})
    void unsignedAttributeWhenHiddenInAssertionSignatureKeyInfoThenInvalidStructure(String place) {
        // KeyInfo is neither digested (enveloped transform) nor in SignedInfo: the attacker may add to it freely.
        Document doc = TestSamlObjects.signedAssertion().build();
        Element keyInfo = child(signature(assertion(doc)), DS, "KeyInfo");
        ("KeyInfo".equals(place) ? keyInfo : child(keyInfo, DS, "X509Data")).appendChild(adminAttribute(doc));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void unsignedAttributeWhenHiddenInResponseSignatureKeyInfoThenInvalidStructure() {
        Document doc = TestSamlObjects.signedBoth().build();
        child(signature(doc.getDocumentElement()), DS, "KeyInfo").appendChild(adminAttribute(doc));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void unsignedAttributeWhenInEncryptedAssertionKeyInfoThenInvalidStructure() {
        Document doc = TestSamlObjects.encrypted().build();
        Element encryptedData = child(child(doc.getDocumentElement(), SAML, "EncryptedAssertion"), XENC,
                "EncryptedData");
        child(encryptedData, DS, "KeyInfo").appendChild(adminAttribute(doc));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void unsignedAttributeWhenInDecryptedAssertionSignatureKeyInfoThenInvalidStructure() throws Exception {
        Document signed = TestSamlObjects.signedAssertion().build();
        child(signature(assertion(signed)), DS, "KeyInfo").appendChild(adminAttribute(signed));
        Document doc = TestSamlObjects.encrypted().build();
        Element old = child(doc.getDocumentElement(), SAML, "EncryptedAssertion");
        doc.getDocumentElement().replaceChild(RawEncryption.encryptedAssertion(doc,
                XmlWriter.standalone(assertion(signed)), TestCredentials.spEncryption().certificate()), old);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void foreignAttributeWhenInExtensionsThenAcceptedButNotInIdentity() throws Exception {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element foreign = doc.createElementNS("urn:example:claims", "c:Attribute");
        foreign.setAttributeNS(null, "Name", "role");
        foreign.setTextContent("admin");
        doc.getDocumentElement().insertBefore(wrap(doc, SAMLP, "samlp:Extensions", foreign),
                child(doc.getDocumentElement(), SAMLP, "Status"));

        assertExactlySignedContent(fixture.validate(bytes(doc)));
    }

    @Test
    void adviceWhenIdpSignedNestedAssertionHasOtherSubjectAndAttributesThenIdentityIsTopLevelOnly()
            throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().editAssertionDomBeforeSigning(a -> {
            Document doc = a.getOwnerDocument();
            Element nested = doc.createElementNS(SAML, "saml2:Assertion");
            nested.setAttributeNS(null, "ID", "_nested-admin");
            nested.setAttributeNS(null, "Version", "2.0");
            nested.setAttributeNS(null, "IssueInstant", TestSamlObjects.NOW.toString());
            nested.appendChild(wrap(doc, SAML, "saml2:Issuer", doc.createTextNode(TestSamlObjects.IDP)));
            nested.appendChild(wrap(doc, SAML, "saml2:Subject", wrap(doc, SAML, "saml2:NameID",
                    doc.createTextNode("admin"))));
            nested.appendChild(wrap(doc, SAML, "saml2:AttributeStatement", adminAttribute(doc)));
            a.insertBefore(wrap(doc, SAML, "saml2:Advice", nested), child(a, SAML, "AuthnStatement"));
        }).bytes();

        assertExactlySignedContent(fixture.validate(xml));
    }

    @Test
    void adviceWhenIdpSignedBareAttributeInAdviceThenNotInIdentity() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().editAssertionDomBeforeSigning(a -> a.insertBefore(
                wrap(a.getOwnerDocument(), SAML, "saml2:Advice", adminAttribute(a.getOwnerDocument())),
                child(a, SAML, "AuthnStatement"))).bytes();

        assertExactlySignedContent(fixture.validate(xml));
    }

    @Test
    void subjectConfirmationWhenIdpSignedItNamesAnotherSubjectThenIdentityFromSubjectNameId() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().editAssertionDomBeforeSigning(a -> {
            Element confirmation = first(a, SAML, "SubjectConfirmation");
            confirmation.insertBefore(wrap(a.getOwnerDocument(), SAML, "saml2:NameID",
                    a.getOwnerDocument().createTextNode("admin")), confirmation.getFirstChild());
        }).bytes();

        assertExactlySignedContent(fixture.validate(xml));
    }

    @Test
    void responseFieldsWhenUnsignedAndRewrittenThenAssertionDerivedIdentityUnchanged() throws Exception {
        // R-assert: the Response around the signed assertion is the attacker's; only its ID reaches the identity,
        // as information (SamlIdentity#responseId), and every checked field must still agree with the assertion.
        Document doc = TestSamlObjects.signedAssertion().build();
        doc.getDocumentElement().setAttributeNS(null, "ID", "_attacker-chosen");
        doc.getDocumentElement().setAttributeNS(null, "IssueInstant", TestSamlObjects.NOW.minusSeconds(5).toString());

        SamlIdentity identity = fixture.validate(bytes(doc));

        assertExactlySignedContent(identity);
        assertThat(identity.responseId()).isEqualTo("_attacker-chosen");
    }

    @Test
    void encryptedWhenDecryptedAssertionIsSignedThenIdentityIsItsContentOnly() throws Exception {
        assertExactlySignedContent(fixture.validate(TestSamlObjects.encrypted().bytes()));
    }

    /** The baseline assertion's content exactly: NameID, issuer, ID, the two attributes and nothing else. */
    private static void assertExactlySignedContent(SamlIdentity identity) {
        assertThat(identity.nameId().value()).isEqualTo(TestSamlObjects.NAME_ID);
        assertThat(identity.nameId().format()).contains(TestSamlObjects.PERSISTENT);
        assertThat(identity.issuer()).isEqualTo(TestSamlObjects.IDP);
        assertThat(identity.assertionId()).isEqualTo("_assert-8d3c2b1a0f9e8d7c6b5a");
        assertThat(identity.attributes()).containsExactly(
                new SamlAttribute(TestSamlObjects.MAIL_OID, "mail", List.of("alice@example.org")),
                new SamlAttribute(TestSamlObjects.AFFILIATION_OID, "eduPersonAffiliation", List.of("member", "staff")));
        assertThat(identity.sessionIndex()).contains("_session-42");
        assertThat(identity.authnContextClassRef()).contains(TestSamlObjects.PPT);
    }

    private static Element adminAttribute(Document doc) {
        Element attribute = doc.createElementNS(SAML, "saml2:Attribute");
        attribute.setAttributeNS(null, "Name", "role");
        attribute.appendChild(wrap(doc, SAML, "saml2:AttributeValue", doc.createTextNode("admin")));
        return attribute;
    }

    private static Element wrap(Document doc, String ns, String qualifiedName, org.w3c.dom.Node content) {
        Element wrapper = doc.createElementNS(ns, qualifiedName);
        wrapper.appendChild(content);
        return wrapper;
    }
}
