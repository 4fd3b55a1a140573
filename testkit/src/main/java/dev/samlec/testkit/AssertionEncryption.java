package dev.samlec.testkit;

import java.security.cert.X509Certificate;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.encryption.Encrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.DataEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.EncryptionException;
import org.opensaml.xmlsec.encryption.support.KeyEncryptionParameters;
import org.opensaml.xmlsec.encryption.support.RSAOAEPParameters;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/**
 * Encrypts an (already signed) assertion to a service provider's certificate: AES-256-GCM for the content, the
 * content key wrapped with RSA-OAEP (xmlenc 1.1 {@code rsa-oaep}, SHA-256 digest, MGF1 with SHA-256), the
 * EncryptedKey inline in the EncryptedData's KeyInfo.
 */
final class AssertionEncryption {
    private AssertionEncryption() {
    }

    static EncryptedAssertion encrypt(Assertion assertion, X509Certificate recipient) throws EncryptionException {
        DataEncryptionParameters data = new DataEncryptionParameters();
        data.setAlgorithm(EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM);
        KeyEncryptionParameters key = new KeyEncryptionParameters();
        key.setEncryptionCredential(new BasicX509Credential(recipient));
        key.setAlgorithm(EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11);
        key.setRSAOAEPParameters(new RSAOAEPParameters(SignatureConstants.ALGO_ID_DIGEST_SHA256,
                EncryptionConstants.ALGO_ID_MGF1_SHA256, null));
        Encrypter encrypter = new Encrypter(data, key);
        encrypter.setKeyPlacement(Encrypter.KeyPlacement.INLINE);
        return encrypter.encrypt(assertion);
    }
}
