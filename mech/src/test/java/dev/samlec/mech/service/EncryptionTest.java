package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.deepClone;
import static dev.samlec.mech.testing.TestDom.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.testing.Canary;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** attacks.md §6: encryption proves nothing about authenticity; only GCM + OAEP, inline keys, uniform failures. */
class EncryptionTest {
    private static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void enc1WhenUnsignedAssertionEncryptedInUnsignedResponseThenSignatureMissing() {
        byte[] xml = TestSamlObjects.unsigned().assertion(a -> a.nameId("admin"))
                .encryptFor(TestCredentials.spEncryption().certificate()).bytes();

        assertError(EcpError.SIGNATURE_MISSING, () -> fixture.validate(xml));
    }

    @Test
    void enc1WhenUnsignedAssertionEncryptedInAttackerSignedResponseThenInvalidSignature() {
        byte[] xml = TestSamlObjects.unsigned().signResponseWith(TestCredentials.attacker())
                .encryptFor(TestCredentials.spEncryption().certificate()).bytes();

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(xml));
    }

    @Test
    void cbcWhenDataEncryptedWithAesCbcThenWeakAlgorithm() {
        byte[] xml = TestSamlObjects.encrypted().dataEncryption(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256)
                .bytes();

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(xml));
    }

    @Test
    void rsa15WhenKeyTransportIsPkcs1v15ThenWeakAlgorithm() {
        byte[] xml = TestSamlObjects.encrypted().keyTransport(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSA15).bytes();

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(xml));
    }

    @Test
    void oaep11WhenXmlEnc11RsaOaepThenAccepted() throws Exception {
        byte[] xml = TestSamlObjects.encrypted().keyTransport(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11)
                .dataEncryption(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void retrievalMethodWhenEncryptedKeyIsPeerThenDecryptionFailed() {
        byte[] xml = TestSamlObjects.encrypted().keyPlacement(Encrypter.KeyPlacement.PEER).bytes();

        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("RetrievalMethod");
        assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(xml));
    }

    @Test
    void retrievalMethodWhenNextToInlineKeyThenRefusedWithoutFetching() {
        try (Canary canary = new Canary()) {
            Document doc = TestSamlObjects.encrypted().build();
            Element keyInfo = (Element) first(doc, XENC, "EncryptedKey").getParentNode();
            Element retrieval = doc.createElementNS(DS, "ds:RetrievalMethod");
            retrieval.setAttributeNS(null, "URI", canary.url("key"));
            retrieval.setAttributeNS(null, "Type", XENC + "EncryptedKey");
            keyInfo.insertBefore(retrieval, keyInfo.getFirstChild());

            assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(bytes(doc)));
            assertThat(canary.hits()).isZero();
        }
    }

    @Test
    void keysWhenMoreThanFourEncryptedKeysThenDecryptionFailed() {
        Document doc = TestSamlObjects.encrypted().build();
        Element encryptedKey = first(doc, XENC, "EncryptedKey");
        for (int i = 0; i < 4; i++) {
            Element copy = deepClone(encryptedKey);
            copy.setAttributeNS(null, "Id", "_key" + i);
            encryptedKey.getParentNode().appendChild(copy);
        }

        assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void failuresWhenWrongKeyOrTamperedCiphertextThenSameErrorAndMessage() {
        byte[] wrongKey = TestSamlObjects.encrypted().encryptFor(TestCredentials.attacker().certificate()).bytes();
        Document tampered = TestSamlObjects.encrypted().build();
        Element cipherValue = child(child(child(tampered.getDocumentElement(), SAML, "EncryptedAssertion"), XENC,
                "EncryptedData"), XENC, "CipherData");
        Element value = child(cipherValue, XENC, "CipherValue");
        char[] chars = value.getTextContent().toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        value.setTextContent(new String(chars));
        Document badKey = TestSamlObjects.encrypted().build();
        Element keyValue = child(child(first(badKey, XENC, "EncryptedKey"), XENC, "CipherData"), XENC,
                "CipherValue");
        keyValue.setTextContent("AAAA" + keyValue.getTextContent().substring(4));

        EcpException a = assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(wrongKey));
        EcpException b = assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(bytes(tampered)));
        EcpException c = assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(bytes(badKey)));
        assertThat(List.of(b.getMessage(), c.getMessage())).containsOnly(a.getMessage());
    }

    @Test
    void keysWhenNoDecryptionKeyConfiguredThenDecryptionFailed() {
        fixture.configure(b -> b.decryptionKeys(List.of()));

        assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(TestSamlObjects.encrypted().bytes()));
    }

    @Test
    void enc6WhenPlaintextHasDoctypeThenDecryptionFailed() throws Exception {
        byte[] plaintext = ("<!DOCTYPE a [<!ENTITY x \"admin\">]>" + signedAssertionXml())
                .getBytes(StandardCharsets.UTF_8);

        assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(withRawPlaintext(plaintext)));
    }

    @Test
    void rawEncryptionWhenPlaintextIsSignedAssertionThenAccepted() throws Exception {
        byte[] xml = withRawPlaintext(signedAssertionXml().getBytes(StandardCharsets.UTF_8));

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void enc6WhenPlaintextHoldsTwoAssertionsThenRejected() throws Exception {
        String one = signedAssertionXml();
        byte[] plaintext = (one + one).getBytes(StandardCharsets.UTF_8);

        assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(withRawPlaintext(plaintext)));
    }

    @Test
    void enc7WhenDecryptedAssertionIdRepeatsResponseIdThenInvalidStructure() {
        byte[] xml = TestSamlObjects.encrypted().responseId("_shared").assertion(a -> a.id("_shared")).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void encryptedAttributesWhenInsideSignedAssertionThenDecrypted() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> TestDomEdits.encryptAttributes(
                x, TestCredentials.spEncryption().certificate()))).bytes();

        assertThat(fixture.validate(xml).attribute("mail").get().values()).containsExactly("alice@example.org");
    }

    @Test
    void encryptedIdWhenForAnotherKeyThenDecryptionFailed() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> TestDomEdits.encryptNameId(
                x, TestCredentials.attacker().certificate()))).bytes();

        assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(xml));
    }

    @Test
    void signedResponseWhenCoversCiphertextOfUnsignedAssertionThenAccepted() throws Exception {
        byte[] xml = TestSamlObjects.signedResponse().encryptFor(TestCredentials.spEncryption().certificate())
                .bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    private static String signedAssertionXml() {
        Document doc = TestSamlObjects.signedAssertion().build();
        return new String(XmlWriter.standalone(assertion(doc)), StandardCharsets.UTF_8);
    }

    private static byte[] withRawPlaintext(byte[] plaintext) throws Exception {
        Document doc = TestSamlObjects.encrypted().build();
        Element old = child(doc.getDocumentElement(), SAML, "EncryptedAssertion");
        Element replacement = RawEncryption.encryptedAssertion(doc, plaintext,
                TestCredentials.spEncryption().certificate());
        doc.getDocumentElement().replaceChild(replacement, old);
        return bytes(doc);
    }
}
