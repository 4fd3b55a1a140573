package dev.samlec.mech.testing;

import dev.samlec.mech.SigningKey;
import java.security.cert.CertificateEncodingException;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;

/** Prepares enveloped signatures for tests; the object must then be marshalled and passed to {@code Signer}. */
public final class SamlSigning {
    private SamlSigning() {
    }

    /** The default signature algorithm for a key: RSA-SHA256 or ECDSA-SHA256. */
    public static String defaultAlgorithm(SigningKey key) {
        return key.isRsa() ? SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256
                : SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256;
    }

    /** Attaches an unsigned Signature (certificate in KeyInfo) to {@code object}; returns it for {@code Signer}. */
    public static Signature attach(SignableSAMLObject object, SigningKey key, String signatureAlgorithm,
            String digestAlgorithm) {
        return attach(object, new BasicX509Credential(key.certificate(), key.privateKey()), key, signatureAlgorithm,
                digestAlgorithm);
    }

    /**
     * Attaches an unsigned Signature made with {@code credential} (for example a secret key for HMAC), with the
     * certificate of {@code keyInfoFrom} in KeyInfo when it is not null.
     */
    public static Signature attach(SignableSAMLObject object, Credential credential, SigningKey keyInfoFrom,
            String signatureAlgorithm, String digestAlgorithm) {
        Signature signature = TestSamlObjects.create(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(credential);
        signature.setSignatureAlgorithm(signatureAlgorithm);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        if (keyInfoFrom != null) {
            KeyInfo keyInfo = TestSamlObjects.create(KeyInfo.DEFAULT_ELEMENT_NAME);
            try {
                KeyInfoSupport.addCertificate(keyInfo, keyInfoFrom.certificate());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
            signature.setKeyInfo(keyInfo);
        }
        object.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0)).setDigestAlgorithm(digestAlgorithm);
        return signature;
    }
}
