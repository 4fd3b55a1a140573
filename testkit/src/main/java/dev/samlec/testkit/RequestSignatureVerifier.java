package dev.samlec.testkit;

import dev.samlec.testkit.SoapFaultException.Code;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Verifies an SP's enveloped AuthnRequest signature, with the SP's registered signing certificate only (KeyInfo is
 * ignored). In order: exactly one ds:Signature child; RSA or ECDSA with SHA-256/384/512 and SHA-256/384/512 digests
 * (SHA-1 and anything else refused); the request's ID on no other element of the message (no wrapping through a
 * duplicate ID); the SAML signature profile (one Reference to the request's own ID, enveloped + exclusive c14n
 * transforms only); then the cryptographic check. Every failure is a SOAP fault {@code S:Client} naming the problem.
 */
final class RequestSignatureVerifier {
    static final Set<String> SIGNATURE_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    static final Set<String> DIGEST_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384, SignatureConstants.ALGO_ID_DIGEST_SHA512);
    private static final String DS = SignatureConstants.XMLSIG_NS;
    private static final Logger LOG = LoggerFactory.getLogger(RequestSignatureVerifier.class);

    private RequestSignatureVerifier() {
    }

    /**
     * Whether the request is signed and the signature verifies; {@code false} for an unsigned request the SP may
     * send.
     *
     * @param idpRequiresSigned whether the IdP refuses every unsigned request (its metadata's
     *     {@code WantAuthnRequestsSigned})
     * @throws SoapFaultException (Client) for a signature that cannot be accepted, or an unsigned request from an SP
     *     that requires signed requests or to an IdP that does
     */
    static boolean verify(AuthnRequest request, ServiceProviderRegistration sp, boolean idpRequiresSigned)
            throws SoapFaultException {
        Signature signature = request.getSignature();
        if (signature == null) {
            if (sp.requireSignedRequests()) {
                throw refused("the AuthnRequest is not signed, but SP " + sp.entityId() + " requires signed requests");
            }
            if (idpRequiresSigned) {
                throw refused("the AuthnRequest of SP " + sp.entityId() + " is not signed, but this IdP requires"
                        + " signed requests (WantAuthnRequestsSigned=\"true\" in its metadata)");
            }
            return false;
        }
        X509Certificate certificate = sp.signingCertificate().orElseThrow(() -> refused("the AuthnRequest is"
                + " signed, but SP " + sp.entityId() + " has no registered signing certificate to verify it with"));
        checkSingleSignature(request.getDOM());
        checkAlgorithms(signature);
        checkIdUnique(request);
        try {
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException e) {
            throw refused("the AuthnRequest signature breaks the SAML signature profile: " + e.getMessage());
        }
        try {
            SignatureValidator.validate(signature, new BasicX509Credential(certificate));
        } catch (SignatureException e) {
            throw refused("the AuthnRequest signature does not verify with the registered signing certificate of SP "
                    + sp.entityId());
        }
        LOG.debug("AuthnRequest {} signature verified for SP {}", request.getID(), sp.entityId());
        return true;
    }

    private static void checkSingleSignature(Element request) throws SoapFaultException {
        int count = 0;
        for (Node child = request.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE && DS.equals(child.getNamespaceURI())
                    && "Signature".equals(child.getLocalName())) {
                count++;
            }
        }
        if (count != 1) {
            throw refused("the AuthnRequest must hold one ds:Signature, found " + count);
        }
    }

    private static void checkAlgorithms(Signature signature) throws SoapFaultException {
        String algorithm = signature.getSignatureAlgorithm();
        if (!SIGNATURE_ALGORITHMS.contains(algorithm)) {
            throw refused("the AuthnRequest signature algorithm must be RSA or ECDSA with SHA-256/384/512, was "
                    + algorithm);
        }
        NodeList methods = signature.getDOM().getElementsByTagNameNS(DS, "DigestMethod");
        for (int i = 0; i < methods.getLength(); i++) {
            String digest = ((Element) methods.item(i)).getAttributeNS(null, "Algorithm");
            if (!DIGEST_ALGORITHMS.contains(digest)) {
                throw refused("the AuthnRequest signature digest algorithm must be SHA-256/384/512, was " + digest);
            }
        }
    }

    /** The signed ID must name exactly one element of the whole message, or a reference could resolve elsewhere. */
    private static void checkIdUnique(AuthnRequest request) throws SoapFaultException {
        String id = request.getID();
        NodeList all = request.getDOM().getOwnerDocument().getElementsByTagNameNS("*", "*");
        int count = 0;
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attributes = all.item(i).getAttributes();
            for (int j = 0; j < attributes.getLength(); j++) {
                Attr attribute = (Attr) attributes.item(j);
                boolean idLike = attribute.isId() || "ID".equalsIgnoreCase(attribute.getLocalName());
                if (idLike && id.equals(attribute.getValue())) {
                    count++;
                }
            }
        }
        if (count != 1) {
            throw refused("the signed AuthnRequest's ID " + id + " must appear once in the message, found " + count);
        }
    }

    private static SoapFaultException refused(String message) {
        LOG.warn("signed request refused: {}", message);
        return new SoapFaultException(Code.Client, message);
    }
}
