package dev.samlec.mech.service;

import java.security.cert.X509Certificate;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;

/** Small edits shared by the validator tests. */
final class TestDomEdits {
    private TestDomEdits() {
    }

    /** Replaces every attribute of the assertion by an EncryptedAttribute for {@code certificate}. */
    static void encryptAttributes(Assertion assertion, X509Certificate certificate) {
        org.opensaml.saml.saml2.core.AttributeStatement statement = assertion.getAttributeStatements().get(0);
        try {
            for (org.opensaml.saml.saml2.core.Attribute attribute : java.util.List.copyOf(statement.getAttributes())) {
                statement.getEncryptedAttributes().add(encrypter(certificate).encrypt(attribute));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        statement.getAttributes().clear();
    }

    /** Replaces the assertion's NameID by an EncryptedID for {@code certificate} (AES-256-GCM, RSA-OAEP). */
    static void encryptNameId(Assertion assertion, X509Certificate certificate) {
        try {
            assertion.getSubject().setEncryptedID(encrypter(certificate).encrypt(assertion.getSubject().getNameID()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertion.getSubject().setNameID(null);
    }

    private static Encrypter encrypter(X509Certificate certificate) {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM);
        KeyEncryptionParameters key = new KeyEncryptionParameters();
        key.setEncryptionCredential(new BasicX509Credential(certificate));
        key.setAlgorithm(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP);
        Encrypter encrypter = new Encrypter(data, key);
        encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
        return encrypter;
    }
}
