package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.SAMLP;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.deepClone;
import static dev.samlec.mech.testing.TestDom.evilEdit;
import static dev.samlec.mech.testing.TestDom.removeSignature;
import static dev.samlec.mech.testing.TestDom.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensaml.saml.saml2.core.Advice;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * attacks.md §1: XML Signature Wrapping as SAML Raider builds it (XSW1-XSW8, with and without namespaced wrappers)
 * and the other wrapping layouts. Every variant carries the evil edit (NameID admin) and must be rejected.
 */
class SignatureWrappingTest {
    private static final String EVIL_ID = "_evil_assertion_ID";
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void xsw1WhenPristineResponseCopyInsideSignatureThenRejected() {
        Document doc = TestSamlObjects.signedResponse().build();
        Element response = doc.getDocumentElement();
        Element copy = deepClone(response);
        removeSignature(copy);
        evilEdit(assertion(doc));
        response.setAttributeNS(null, "ID", "_evil_response_ID");
        signature(response).appendChild(copy);

        // Santuario refuses a foreign element inside ds:Signature while OpenSAML unmarshals it.
        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw2WhenPristineResponseCopyBeforeSignatureThenRejected() {
        Document doc = TestSamlObjects.signedResponse().build();
        Element response = doc.getDocumentElement();
        Element copy = deepClone(response);
        removeSignature(copy);
        evilEdit(assertion(doc));
        response.setAttributeNS(null, "ID", "_evil_response_ID");
        response.insertBefore(copy, signature(response));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw3WhenEvilAssertionBeforeSignedOneThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element evil = evilCopy(original, EVIL_ID);
        doc.getDocumentElement().insertBefore(evil, original);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw4WhenEvilAssertionWrapsSignedOneThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element evil = evilCopy(original, EVIL_ID);
        doc.getDocumentElement().appendChild(evil);
        evil.appendChild(original);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw5WhenPristineCopyAppendedAndSignedOneEditedThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element copy = deepClone(original);
        removeSignature(copy);
        doc.getDocumentElement().appendChild(copy);
        evilEdit(original);
        original.setAttributeNS(null, "ID", EVIL_ID);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw6WhenPristineCopyInsideSignatureOfEditedAssertionThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element copy = deepClone(original);
        removeSignature(copy);
        signature(original).appendChild(copy);
        evilEdit(original);
        original.setAttributeNS(null, "ID", EVIL_ID);

        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "wrapper namespace ''{0}'', before assertion")
    @ValueSource(strings = {"", SAMLP})
    void xsw7WhenSameIdEvilAssertionInExtensionsBeforeThenRejected(String namespace) {
        Document doc = xsw7(namespace, true);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "wrapper namespace ''{0}'', after assertion")
    @ValueSource(strings = {"", SAMLP})
    void xsw7WhenSameIdEvilAssertionInExtensionsAfterThenRejected(String namespace) {
        Document doc = xsw7(namespace, false);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw8WhenPristineSameIdCopyInUnqualifiedObjectThenRejected() {
        Document doc = xsw8(null);

        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw8WhenPristineSameIdCopyInDsObjectThenRejected() {
        Document doc = xsw8(DS);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsw9WhenSignatureHasTwoSignedInfosThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element signature = signature(assertion(doc));
        Element signedInfo = child(signature, DS, "SignedInfo");
        signature.insertBefore(deepClone(signedInfo), signedInfo);
        evilEdit(assertion(doc));

        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void multipleAssertionTakeoverWhenUnsignedCopyAppendedThenRejected() {
        // crewjam/saml CVE-2022-41912: the first assertion is verified, a later one used.
        Document doc = TestSamlObjects.signedAssertion().build();
        Element evil = evilCopy(assertion(doc), "_assert-8d3c2b1a0f9e8d7c6b5a_attack");
        doc.getDocumentElement().appendChild(evil);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void twoSignedAssertionsWhenBothGenuineThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Document other = TestSamlObjects.signedAssertion().assertion(a -> a.id("_second")).build();
        doc.getDocumentElement().appendChild(doc.importNode(assertion(other), true));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void signaturePositionWhenAssertionSignatureMovedToResponseThenRejected() {
        // Keycloak CVE-2024-8698: the signature's position says "Response", its Reference says "Assertion".
        Document doc = TestSamlObjects.signedAssertion().build();
        Element response = doc.getDocumentElement();
        Element signature = signature(assertion(doc));
        response.insertBefore(signature, child(response, SAMLP, "Status"));
        response.setAttributeNS(null, "Destination", "https://evil.example.net/acs");

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void signatureReferenceWhenSignedAssertionHiddenInAdviceOfEvilOneThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element pristine = deepClone(original);
        removeSignature(pristine);
        evilEdit(original);
        original.setAttributeNS(null, "ID", EVIL_ID);
        Element advice = doc.createElementNS(SAML, "saml:Advice");
        advice.appendChild(pristine);
        original.insertBefore(advice, child(original, SAML, "AuthnStatement"));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void concealedAssertionWhenSignedAssertionInForeignElementThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element evil = evilCopy(original, "unsigned-assertion");
        evil.insertBefore(signature(original), child(evil, SAML, "Subject"));
        Element foo = doc.createElementNS("urn:example:foo", "foo:foo");
        doc.getDocumentElement().replaceChild(evil, original);
        foo.appendChild(original);
        doc.getDocumentElement().appendChild(foo);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void hiddenAssertionWhenInStatusDetailThenRejected() {
        Document doc = TestSamlObjects.signedResponse().build();
        Element status = child(doc.getDocumentElement(), SAMLP, "Status");
        Element detail = doc.createElementNS(SAMLP, "samlp:StatusDetail");
        detail.appendChild(evilCopy(assertion(doc), EVIL_ID));
        status.appendChild(detail);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void foreignSignedDocumentWhenGenuineSignedResponseInsideEvilResponseThenRejected() {
        Document genuine = TestSamlObjects.signedResponse().build();
        Document evil = TestSamlObjects.unsigned().build();
        evilEdit(assertion(evil));
        Element status = child(evil.getDocumentElement(), SAMLP, "Status");
        Element detail = evil.createElementNS(SAMLP, "samlp:StatusDetail");
        detail.appendChild(evil.importNode(genuine.getDocumentElement(), true));
        status.appendChild(detail);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(evil)));
    }

    @Test
    void adviceWhenSignedAssertionCarriesNestedAdminAssertionThenIdentityFromTopLevel() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(SignatureWrappingTest::addAdvice))
                .bytes();

        SamlIdentity identity = fixture.validate(xml);

        assertThat(identity.nameId().value()).isEqualTo("alice");
        assertThat(identity.assertionId()).isEqualTo("_assert-8d3c2b1a0f9e8d7c6b5a");
    }

    @Test
    void signedContentWhenEditedAfterSigningThenInvalidSignature() {
        Document doc = TestSamlObjects.signedBoth().build();
        evilEdit(assertion(doc));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    private static Document xsw7(String namespace, boolean before) {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element extensions = namespace.isEmpty() ? doc.createElementNS(null, "Extensions")
                : doc.createElementNS(SAMLP, "samlp:Extensions");
        extensions.appendChild(evilCopy(original, original.getAttributeNS(null, "ID")));
        doc.getDocumentElement().insertBefore(extensions, before ? original : null);
        return doc;
    }

    private static Document xsw8(String namespace) {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element original = assertion(doc);
        Element copy = deepClone(original);
        removeSignature(copy);
        Element object = namespace == null ? doc.createElementNS(null, "Object")
                : doc.createElementNS(namespace, "ds:Object");
        object.appendChild(copy);
        signature(original).appendChild(object);
        evilEdit(original);
        return doc;
    }

    private static Element evilCopy(Element assertion, String id) {
        Element copy = deepClone(assertion);
        if (!TestDom.children(copy, DS, "Signature").isEmpty()) {
            removeSignature(copy);
        }
        evilEdit(copy);
        copy.setAttributeNS(null, "ID", id);
        return copy;
    }

    private static void addAdvice(Assertion assertion) {
        Assertion nested = TestSamlObjects.create(Assertion.DEFAULT_ELEMENT_NAME);
        nested.setID("_nested-admin");
        nested.setIssueInstant(TestSamlObjects.NOW);
        Issuer issuer = TestSamlObjects.create(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(TestSamlObjects.IDP);
        nested.setIssuer(issuer);
        Subject subject = TestSamlObjects.create(Subject.DEFAULT_ELEMENT_NAME);
        NameID nameId = TestSamlObjects.create(NameID.DEFAULT_ELEMENT_NAME);
        nameId.setValue("admin");
        subject.setNameID(nameId);
        nested.setSubject(subject);
        Advice advice = TestSamlObjects.create(Advice.DEFAULT_ELEMENT_NAME);
        advice.getAssertions().add(nested);
        assertion.setAdvice(advice);
    }
}
