package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.SAMLP;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.deepClone;
import static dev.samlec.mech.testing.TestDom.first;
import static dev.samlec.mech.testing.TestDom.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.StatusCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Structure checks that only matter where another check is not looking: repeated Response children (the
 * unmarshaller keeps one of them, the signature another), an assertion smuggled into an error Response, the shape of
 * a decrypted assertion (the plaintext is checked again, attacks.md ENC-6/ENC-7), and the ds:Signature layout.
 */
class ResponseShapeTest {
    private static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void responseWhenTwoIssuersThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element issuer = child(doc.getDocumentElement(), SAML, "Issuer");
        issuer.getParentNode().insertBefore(deepClone(issuer), issuer);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void responseWhenTwoSignaturesThenInvalidStructure() {
        Document doc = TestSamlObjects.signedBoth().build();
        Element signature = signature(doc.getDocumentElement());
        signature.getParentNode().insertBefore(deepClone(signature), signature);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void responseWhenTwoExtensionsThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element status = child(doc.getDocumentElement(), SAMLP, "Status");
        for (int i = 0; i < 2; i++) {
            Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
            extensions.appendChild(doc.createElementNS("urn:example:ext", "x:Note"));
            status.getParentNode().insertBefore(extensions, status);
        }

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void errorResponseWhenAssertionHiddenInStatusDetailThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().statusCode(StatusCode.RESPONDER).build();
        Element status = child(doc.getDocumentElement(), SAMLP, "Status");
        Element detail = doc.createElementNS(SAMLP, "samlp:StatusDetail");
        status.appendChild(detail);
        detail.appendChild(assertion(doc));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void encryptedAssertionWhenTwoEncryptedDataThenInvalidStructure() {
        Document doc = TestSamlObjects.encrypted().build();
        Element encrypted = child(doc.getDocumentElement(), SAML, "EncryptedAssertion");
        Element copy = deepClone(child(encrypted, XENC, "EncryptedData"));
        copy.removeAttributeNS(null, "Id");
        for (Element key : TestDom.elements(copy, XENC, "EncryptedKey")) {
            key.removeAttributeNS(null, "Id");
        }
        encrypted.appendChild(copy);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void decryptedAssertionWhenItNestsAnotherAssertionOutsideAdviceThenInvalidStructure() {
        byte[] xml = TestSamlObjects.encrypted().editAssertionDomBeforeSigning(inAttributeValue(a -> {
            Element nested = element(a, SAML, "saml:Assertion");
            nested.setAttributeNS(null, "ID", "_nested-assertion");
            nested.setAttributeNS(null, "Version", "2.0");
            nested.setAttributeNS(null, "IssueInstant", "2030-06-01T12:00:00Z");
            Element issuer = element(a, SAML, "saml:Issuer");
            issuer.setTextContent(TestSamlObjects.IDP);
            nested.appendChild(issuer);
            return nested;
        })).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void decryptedAssertionWhenItNestsAnEncryptedAssertionOutsideAdviceThenInvalidStructure() {
        byte[] xml = TestSamlObjects.encrypted().editAssertionDomBeforeSigning(inAttributeValue(a -> {
            Element nested = element(a, SAML, "saml:EncryptedAssertion");
            nested.appendChild(element(a, XENC, "xenc:EncryptedData"));
            return nested;
        })).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void decryptedAssertionWhenASignatureSitsOutsideItsPlaceThenInvalidStructure() {
        byte[] xml = TestSamlObjects.encrypted().editAssertionDomBeforeSigning(inAttributeValue(
                a -> (Element) a.getOwnerDocument().importNode(signature(
                        TestSamlObjects.signedResponse().build().getDocumentElement()), true))).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void decryptedAssertionWhenUnchangedThenAccepted() throws Exception {
        assertThat(fixture.validate(TestSamlObjects.encrypted().bytes()).nameId().value()).isEqualTo("alice");
    }

    /** Santuario already refuses this layout while unmarshalling; samlec's own layout check is a second line. */
    @Test
    void signatureWhenTwoKeyInfosThenRefusedWhileReading() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element signature = signature(assertion(doc));
        signature.appendChild(deepClone(child(signature, DS, "KeyInfo")));

        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void signatureWhenNoKeyVerifiesThenMessageCountsTheKeysTried() {
        Document doc = TestSamlObjects.signedAssertion().build();
        first(assertion(doc), SAML, "NameID").setTextContent("admin");

        assertThat(assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc))).getMessage())
                .contains("any of the 1 configured RSA signing certificate(s) of the issuer (2 configured in all)");
    }

    @Test
    void idsWhenAnXmlIdRepeatsTheAssertionIdThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element status = child(doc.getDocumentElement(), SAMLP, "Status");
        status.setAttributeNS(javax.xml.XMLConstants.XML_NS_URI, "xml:id", assertion(doc).getAttributeNS(null, "ID"));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    /** A new element in {@code a}'s document that declares its own prefix (the plaintext must be well-formed). */
    private static Element element(Element a, String ns, String qualifiedName) {
        Element e = a.getOwnerDocument().createElementNS(ns, qualifiedName);
        e.setAttributeNS(javax.xml.XMLConstants.XMLNS_ATTRIBUTE_NS_URI,
                "xmlns:" + qualifiedName.substring(0, qualifiedName.indexOf(':')), ns);
        return e;
    }

    /** An edit that puts the element made from the assertion into its first AttributeValue. */
    private static Consumer<Element> inAttributeValue(java.util.function.Function<Element, Element> make) {
        return a -> first(a, SAML, "AttributeValue").appendChild(make.apply(a));
    }
}
