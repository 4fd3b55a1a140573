package dev.samlec.mech.service;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SigningKey;
import java.security.cert.CertificateEncodingException;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.Signer;
import org.w3c.dom.Element;

/** Enveloped signatures on outgoing SAML requests: RSA-SHA256 or ECDSA-SHA256, SHA-256 digest, exclusive c14n. */
final class RequestSigning {
    private RequestSigning() {
    }

    /** Marshals {@code object} with an enveloped signature by {@code key} and returns the signed element. */
    static Element signed(SignableSAMLObject object, SigningKey key) throws MarshallingException, EcpException {
        Signature signature = AuthnRequestIssuer.create(Signature.DEFAULT_ELEMENT_NAME);
        signature.setSigningCredential(new BasicX509Credential(key.certificate(), key.privateKey()));
        signature.setSignatureAlgorithm(key.isRsa() ? SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256
                : SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256);
        signature.setCanonicalizationAlgorithm(SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        KeyInfo keyInfo = AuthnRequestIssuer.create(KeyInfo.DEFAULT_ELEMENT_NAME);
        try {
            KeyInfoSupport.addCertificate(keyInfo, key.certificate());
        } catch (CertificateEncodingException e) {
            throw new EcpException(EcpError.INTERNAL_ERROR, "signing certificate cannot be encoded", e);
        }
        signature.setKeyInfo(keyInfo);
        object.setSignature(signature);
        Element element = XMLObjectSupport.marshall(object);
        try {
            Signer.signObject(signature);
        } catch (SignatureException e) {
            throw new EcpException(EcpError.INTERNAL_ERROR, "AuthnRequest could not be signed: " + e.getMessage(), e);
        }
        return element;
    }
}
