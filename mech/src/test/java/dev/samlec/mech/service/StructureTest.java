package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.SAMLP;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.deepClone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.Extensions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** attacks.md PROTO-11, C14N-6: element counts, versions, IDs, Extensions, NameID and AuthnStatement shape. */
class StructureTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void assertionsWhenNoneThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        doc.getDocumentElement().removeChild(assertion(doc));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void assertionsWhenPlainAndEncryptedThenInvalidStructure() {
        Document doc = TestSamlObjects.encrypted().build();
        Document plain = TestSamlObjects.signedAssertion().assertion(a -> a.id("_plain")).build();
        doc.getDocumentElement().appendChild(doc.importNode(assertion(plain), true));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void statusWhenTwoStatusCodesThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element status = child(doc.getDocumentElement(), SAMLP, "Status");
        status.appendChild(deepClone(child(status, SAMLP, "StatusCode")));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void responseVersionWhenNot20ThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        doc.getDocumentElement().setAttributeNS(null, "Version", "1.1");

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void assertionVersionWhenNot20ThenInvalidStructure() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(
                x -> x.setVersion(SAMLVersion.VERSION_11))).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void idsWhenResponseAndAssertionShareAnIdThenInvalidStructure() {
        byte[] xml = TestSamlObjects.signedAssertion().responseId("_same").assertion(a -> a.id("_same")).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "_a\"b", "1abc", "_a b"})
    void idsWhenNotAnNcNameThenInvalidStructure(String id) {
        Document doc = TestSamlObjects.signedResponse().build();
        assertion(doc).setAttributeNS(null, "ID", id);

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void idsWhenForeignIdAttributeRepeatsAssertionIdThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
        Element foo = doc.createElementNS("urn:example:foo", "foo:bar");
        foo.setAttributeNS(null, "ID", assertion(doc).getAttributeNS(null, "ID"));
        extensions.appendChild(foo);
        doc.getDocumentElement().insertBefore(extensions, child(doc.getDocumentElement(), SAMLP, "Status"));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void responseWhenUnexpectedChildElementThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        doc.getDocumentElement().appendChild(doc.createElementNS("urn:example:foo", "foo:bar"));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void extensionsWhenOnlyForeignContentThenAccepted() throws Exception {
        byte[] xml = TestSamlObjects.signedResponse().customizeResponse(r -> r.setExtensions(
                TestSamlObjects.create(Extensions.DEFAULT_ELEMENT_NAME))).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void extensionsWhenSamlElementInsideThenInvalidStructure() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
        Element attribute = doc.createElementNS(SAML, "saml2:Attribute");
        attribute.setAttributeNS(null, "Name", "role");
        extensions.appendChild(attribute);
        doc.getDocumentElement().insertBefore(extensions, child(doc.getDocumentElement(), SAMLP, "Status"));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void assertionWhenUnexpectedChildElementThenInvalidStructure() {
        Document doc = TestSamlObjects.signedResponse().build();
        assertion(doc).appendChild(doc.createElementNS(SAML, "saml2:Bogus"));

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void authnStatementWhenNoneThenInvalidStructure() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.authnStatements(0)).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void authnStatementWhenTwoThenInvalidStructure() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.authnStatements(2)).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void attributesWhenSameNameTwiceThenInvalidStructure() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> {
            Attribute copy = TestSamlObjects.create(Attribute.DEFAULT_ELEMENT_NAME);
            copy.setName(TestSamlObjects.MAIL_OID);
            x.getAttributeStatements().get(0).getAttributes().add(copy);
        })).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void nameIdWhenMissingThenInvalidSubject() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.nameId(null)).bytes();

        assertError(EcpError.INVALID_SUBJECT, () -> fixture.validate(xml));
    }

    @Test
    void nameIdWhenEmptyThenInvalidSubject() {
        byte[] xml = TestSamlObjects.signedResponse().assertion(a -> a.nameId("")).bytes();

        assertError(EcpError.INVALID_SUBJECT, () -> fixture.validate(xml));
    }

    @ParameterizedTest
    @ValueSource(strings = {"  ", " alice", "alice\n", "ali\tce"})
    void nameIdWhenWhitespacePaddedOrControlCharactersThenInvalidSubject(String value) {
        byte[] xml = TestSamlObjects.signedResponse().editResponseDomBeforeSigning(
                r -> TestDom.first(r, SAML, "NameID").setTextContent(value)).bytes();

        assertError(EcpError.INVALID_SUBJECT, () -> fixture.validate(xml));
    }

    @Test
    void nameIdWhenEncryptedThenDecryptedWithServiceKey() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> TestDomEdits.encryptNameId(x,
                TestCredentials.spEncryption().certificate()))).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void nameIdWhenEncryptedButNoDecryptionKeyThenInvalidSubject() {
        fixture.configure(b -> b.decryptionKeys(java.util.List.of()));
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> TestDomEdits.encryptNameId(x,
                TestCredentials.spEncryption().certificate()))).bytes();

        assertError(EcpError.INVALID_SUBJECT, () -> fixture.validate(xml));
    }
}
