package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import java.security.cert.CertificateEncodingException;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLObjectContentReference;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;

/**
 * Enveloped XML signatures on SAML objects, as IdPs make them: RSA-SHA256 (ECDSA-SHA256 for EC keys), SHA-256
 * digest, exclusive c14n, the signing certificate in KeyInfo. Uses the OpenSAML Signer (Santuario underneath).
 */
final class XmlSigning {
    private XmlSigning() {
    }

    /** Signs {@code object} in place; it is marshalled, and its DOM must not be rebuilt afterwards. */
    static void sign(SignableSAMLObject object, SigningKey key) throws SignatureException, MarshallingException {
        prepare(object, key);
        XMLObjectSupport.marshall(object);
        Signer.signObject(object.getSignature());
    }

    /**
     * Gives {@code object} its signature without computing it: marshall the tree holding {@code object} (once), then
     * {@link #signMarshalled} it, inner signatures before the outer ones that cover them.
     */
    static void prepare(SignableSAMLObject object, SigningKey key) throws SignatureException {
        Signature signature = SamlObjects.build(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(new BasicX509Credential(key.certificate(), key.privateKey()));
        signature.setSignatureAlgorithm("EC".equals(key.privateKey().getAlgorithm())
                ? SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256 : SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        KeyInfo keyInfo = SamlObjects.build(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(keyInfo, key.certificate());
        } catch (CertificateEncodingException e) {
            throw new SignatureException("the signing certificate cannot be encoded", e);
        }
        signature.setKeyInfo(keyInfo);
        object.setSignature(signature);
        ((SAMLObjectContentReference) signature.getContentReferences().get(0))
                .setDigestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA256);
    }

    /** Computes the signature {@link #prepare} set up, in the DOM {@code object} was marshalled into. */
    static void signMarshalled(SignableSAMLObject object) throws SignatureException {
        if (object.getDOM() == null || object.getSignature() == null || object.getSignature().getDOM() == null) {
            throw new IllegalStateException("prepare and marshall the object before signing it");
        }
        Signer.signObject(object.getSignature());
    }
}
