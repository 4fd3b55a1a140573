package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * xmlseclibs CVE-2026-32313 (GHSA-4v26-v6cg-g6f9): an AES-GCM ciphertext whose authentication tag is not checked
 * yields plaintext an attacker can flip bit by bit. XML Encryption 1.1 lays a GCM CipherValue out as a 12-byte IV, the
 * ciphertext and a 16-byte tag; every ciphertext below is genuine (encrypted to the service's key) and then has its
 * tag flipped, truncated or stripped, or is cut to a degenerate length. Each must fail as
 * {@link EcpError#DECRYPTION_FAILED} with the one uniform message, and no plaintext may ever be used.
 */
class GcmTagTest {
    private static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    private static final int IV = 12;
    private static final int TAG = 16;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tag last byte flipped", "tag first byte flipped", "IV flipped",
        "tag truncated by one byte", "tag truncated to 8 bytes", "tag stripped", "tag stripped and one more byte",
        "IV and tag without ciphertext", "exactly 16 bytes", "exactly 12 bytes (IV only)", "11 bytes", "1 byte",
        "empty"})
    void encryptedAssertionWhenGcmCipherValueTamperedThenDecryptionFailedWithUniformMessage(String tamper) {
        Document doc = TestSamlObjects.encrypted().build();
        edit(encryptedAssertionCipherValue(doc), GcmTagTest.tampering(tamper));

        EcpException e = assertError(EcpError.DECRYPTION_FAILED, () -> new ServiceFixture().validate(bytes(doc)));
        assertThat(e.getMessage()).isEqualTo(uniformMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM,
        EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192_GCM, EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM})
    void encryptedAssertionWhenTagFlippedThenDecryptionFailedForEveryKeySize(String algorithm) throws Exception {
        ServiceFixture fixture = new ServiceFixture();
        Document genuine = TestSamlObjects.encrypted().dataEncryption(algorithm).build();
        Document doc = TestSamlObjects.encrypted().dataEncryption(algorithm).build();
        edit(encryptedAssertionCipherValue(doc), tampering("tag last byte flipped"));

        assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(bytes(doc)));
        assertThat(new ServiceFixture().validate(bytes(genuine)).nameId().value()).isEqualTo("alice");
    }

    @Test
    void encryptedAssertionWhenTagFlippedUnderIdpSignedResponseThenDecryptionFailed() {
        // The IdP signs the Response over the broken ciphertext: a valid signature does not make it decryptable.
        byte[] xml = TestSamlObjects.signedResponse().encryptFor(TestCredentials.spEncryption().certificate())
                .editResponseDomBeforeSigning(r -> edit(child(child(child(child(r, SAML, "EncryptedAssertion"), XENC,
                        "EncryptedData"), XENC, "CipherData"), XENC, "CipherValue"), tampering("tag last byte flipped")))
                .bytes();

        assertError(EcpError.DECRYPTION_FAILED, () -> new ServiceFixture().validate(xml));
    }

    @Test
    void encryptedIdWhenTagFlippedInsideIdpSignedAssertionThenDecryptionFailed() {
        byte[] xml = TestSamlObjects.signedAssertion()
                .assertion(a -> a.customize(x -> TestDomEdits.encryptNameId(x,
                        TestCredentials.spEncryption().certificate())))
                .editAssertionDomBeforeSigning(a -> edit(dataCipherValue(first(a, SAML, "EncryptedID")),
                        tampering("tag last byte flipped")))
                .bytes();

        assertError(EcpError.DECRYPTION_FAILED, () -> new ServiceFixture().validate(xml));
    }

    @Test
    void encryptedAttributeWhenTagStrippedInsideIdpSignedAssertionThenDecryptionFailed() {
        byte[] xml = TestSamlObjects.signedAssertion()
                .assertion(a -> a.customize(x -> TestDomEdits.encryptAttributes(x,
                        TestCredentials.spEncryption().certificate())))
                .editAssertionDomBeforeSigning(a -> edit(dataCipherValue(first(a, SAML, "EncryptedAttribute")),
                        tampering("tag stripped")))
                .bytes();

        assertError(EcpError.DECRYPTION_FAILED, () -> new ServiceFixture().validate(xml));
    }

    /** The message every key-dependent decryption failure carries (here: a ciphertext for another key). */
    private static String uniformMessage() {
        byte[] otherKey = TestSamlObjects.encrypted().encryptFor(TestCredentials.attacker().certificate()).bytes();
        return assertError(EcpError.DECRYPTION_FAILED, () -> new ServiceFixture().validate(otherKey)).getMessage();
    }

    private static UnaryOperator<byte[]> tampering(String tamper) {
        switch (tamper) {
            case "tag last byte flipped":
                return b -> flip(b, b.length - 1, 0x01);
            case "tag first byte flipped":
                return b -> flip(b, b.length - TAG, 0x80);
            case "IV flipped":
                return b -> flip(b, 0, 0x01);
            case "tag truncated by one byte":
                return b -> Arrays.copyOf(b, b.length - 1);
            case "tag truncated to 8 bytes":
                return b -> Arrays.copyOf(b, b.length - 8);
            case "tag stripped":
                return b -> Arrays.copyOf(b, b.length - TAG);
            case "tag stripped and one more byte":
                return b -> Arrays.copyOf(b, b.length - TAG - 1);
            case "IV and tag without ciphertext":
                return b -> {
                    byte[] result = Arrays.copyOf(b, IV + TAG);
                    System.arraycopy(b, b.length - TAG, result, IV, TAG);
                    return result;
                };
            case "exactly 16 bytes":
                return b -> Arrays.copyOf(b, 16);
            case "exactly 12 bytes (IV only)":
                return b -> Arrays.copyOf(b, IV);
            case "11 bytes":
                return b -> Arrays.copyOf(b, 11);
            case "1 byte":
                return b -> Arrays.copyOf(b, 1);
            case "empty":
                return b -> new byte[0];
            default:
                throw new IllegalArgumentException(tamper);
        }
    }

    private static byte[] flip(byte[] b, int index, int mask) {
        byte[] copy = b.clone();
        copy[index] ^= (byte) mask;
        return copy;
    }

    private static Element encryptedAssertionCipherValue(Document doc) {
        return dataCipherValue(child(doc.getDocumentElement(), SAML, "EncryptedAssertion"));
    }

    /** The CipherValue of the EncryptedData (not of an EncryptedKey) inside {@code encrypted}. */
    private static Element dataCipherValue(Element encrypted) {
        return child(child(child(encrypted, XENC, "EncryptedData"), XENC, "CipherData"), XENC, "CipherValue");
    }

    private static void edit(Element cipherValue, UnaryOperator<byte[]> change) {
        byte[] octets = Base64.getMimeDecoder().decode(cipherValue.getTextContent());
        assertThat(octets.length).as("a GCM CipherValue holds IV, ciphertext and tag").isGreaterThan(IV + TAG);
        cipherValue.setTextContent(Base64.getEncoder().encodeToString(change.apply(octets)));
    }
}
