package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Verifies the signature that covers the selected entity (the outermost signed element among the entity and the
 * EntitiesDescriptors that enclose it) against configured certificates only: the KeyInfo inside the signature is
 * never trusted.
 *
 * <p>Order: an unsigned document fails; then the algorithms must be on the allow list (RSA or ECDSA with SHA-256 or
 * stronger, SHA-256+ digests); then the SAML signature profile ({@link SAMLSignatureProfileValidator}: one
 * Reference to the signed element's own ID, enveloped + exclusive c14n transforms only); then the cryptographic check
 * ({@link SignatureValidator}, through Santuario with secure validation).
 */
final class MetadataSignatureVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataSignatureVerifier.class);
    private static final String DSIG_NS = SignatureConstants.XMLSIG_NS;
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    private static final Set<String> DIGEST_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384, SignatureConstants.ALGO_ID_DIGEST_SHA512);

    private final List<X509Certificate> trusted;

    MetadataSignatureVerifier(List<X509Certificate> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /**
     * Verifies the signature covering {@code selectedEntity}.
     *
     * @return the element whose signature verified (the entity or an EntitiesDescriptor around it): what the
     *     signature vouches for ends there
     */
    SignableSAMLObject verify(XMLObject selectedEntity, String source) throws EcpConfigurationException {
        SignableSAMLObject signed = outermostSigned(selectedEntity);
        if (signed == null) {
            throw failure(source + ": metadata is not signed, but signature verification is configured", null);
        }
        String what = source + ": the signature on " + signed.getElementQName().getLocalPart();
        Signature signature = signed.getSignature();
        checkAlgorithms(signature, what);
        try {
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException | RuntimeException e) {
            throw failure(what + " breaks the SAML signature profile: " + e.getMessage(), e);
        }
        for (X509Certificate certificate : trusted) {
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(certificate));
                LOG.debug("{} verified with {}", what, certificate.getSubjectX500Principal());
                return signed;
            } catch (SignatureException | RuntimeException e) { // Santuario reports bad base64 unchecked
                LOG.debug("{} does not verify with {}: {}", what, certificate.getSubjectX500Principal(),
                        e.getMessage());
            }
        }
        throw failure(what + " does not verify with any of the " + trusted.size()
                + " configured metadata signing certificate(s)", null);
    }

    private static SignableSAMLObject outermostSigned(XMLObject start) {
        SignableSAMLObject outermost = null;
        for (XMLObject node = start; node != null; node = node.getParent()) {
            if (node instanceof SignableSAMLObject && ((SignableSAMLObject) node).isSigned()) {
                outermost = (SignableSAMLObject) node;
            }
        }
        return outermost;
    }

    private static void checkAlgorithms(Signature signature, String what) throws EcpConfigurationException {
        Element dom = signature.getDOM();
        if (dom == null) {
            throw failure(what + " has no DOM to verify", null);
        }
        List<String> seen = new ArrayList<>();
        for (String algorithm : algorithms(dom, "SignatureMethod")) {
            seen.add(algorithm);
            if (!SIGNATURE_ALGORITHMS.contains(algorithm)) {
                throw failure(what + " uses signature algorithm '" + algorithm + "'; allowed: " + SIGNATURE_ALGORITHMS,
                        null);
            }
        }
        for (String algorithm : algorithms(dom, "DigestMethod")) {
            if (!DIGEST_ALGORITHMS.contains(algorithm)) {
                throw failure(what + " uses digest algorithm '" + algorithm + "'; allowed: " + DIGEST_ALGORITHMS,
                        null);
            }
        }
        if (seen.isEmpty()) {
            throw failure(what + " has no SignatureMethod", null);
        }
    }

    /** The Algorithm attributes of ds:SignedInfo descendants with the given local name. */
    private static List<String> algorithms(Element signature, String localName) {
        List<String> result = new ArrayList<>();
        NodeList signedInfos = signature.getElementsByTagNameNS(DSIG_NS, "SignedInfo");
        for (int i = 0; i < signedInfos.getLength(); i++) {
            NodeList methods = ((Element) signedInfos.item(i)).getElementsByTagNameNS(DSIG_NS, localName);
            for (int j = 0; j < methods.getLength(); j++) {
                result.add(((Element) methods.item(j)).getAttributeNS(null, "Algorithm"));
            }
        }
        return result;
    }

    private static EcpConfigurationException failure(String message, Throwable cause) {
        return new EcpConfigurationException(EcpError.METADATA_SIGNATURE_INVALID, message, cause);
    }
}
