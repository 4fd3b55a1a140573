package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.AlgorithmPolicy;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.impl.SignatureImpl;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidationProvider;
import org.opensaml.xmlsec.signature.support.impl.provider.ApacheSantuarioSignatureValidationProviderImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Verifies the enveloped signature of one Response or Assertion, in this order: the ds:Signature layout (one
 * SignedInfo, one SignatureValue, at most one KeyInfo, nothing else), the SAML signature profile (one Reference to
 * the parent's own ID, enveloped + exclusive c14n only, no ds:Object), the Reference target (its URI names the signed
 * element itself), the algorithm include lists (read from the DOM, so an empty or unknown algorithm is
 * {@link EcpError#WEAK_ALGORITHM}), and finally the cryptographic check against each configured certificate of the
 * issuer. A key in the message's KeyInfo is never used.
 */
final class SignatureVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);
    /** Stateless (it only reads the signature it is given), so one serves every call. */
    private static final SAMLSignatureProfileValidator PROFILE = new SAMLSignatureProfileValidator();
    /**
     * The provider behind OpenSAML's {@code SignatureValidator.validate} (its only one, Santuario), held here:
     * {@code SignatureValidator} looks it up under a class-wide lock at every call, a wait for every other
     * validation when threads outnumber cores.
     */
    private static final SignatureValidationProvider SANTUARIO = new ApacheSantuarioSignatureValidationProviderImpl();

    private final AlgorithmPolicy policy;

    SignatureVerifier(AlgorithmPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Verifies {@code signed}'s signature with {@code trusted} certificates only.
     *
     * @param what names the object in messages, e.g. "Response signature"
     * @throws EcpException {@link EcpError#INVALID_SIGNATURE} or {@link EcpError#WEAK_ALGORITHM}
     */
    void verify(SignableSAMLObject signed, List<X509Certificate> trusted, String what) throws EcpException {
        Signature signature = signed.getSignature();
        if (!(signature instanceof SignatureImpl) || signature.getDOM() == null
                || ((SignatureImpl) signature).getXMLSignature() == null) {
            throw Values.fail(EcpError.INVALID_SIGNATURE, what + ": no usable ds:Signature");
        }
        checkLayout(signature.getDOM(), what);
        try {
            PROFILE.validate(signature);
        } catch (SignatureException e) {
            throw new EcpException(EcpError.INVALID_SIGNATURE, what + " breaks the SAML signature profile: "
                    + e.getMessage(), e);
        }
        checkReferenceTarget(signed, signature.getDOM(), what);
        XMLSignature xmlSignature = ((SignatureImpl) signature).getXMLSignature();
        checkAlgorithms(xmlSignature, signature.getDOM(), what);
        String keyType = xmlSignature.getSignedInfo().getSignatureMethodURI().contains("ecdsa") ? "EC" : "RSA";
        int tried = 0;
        for (X509Certificate certificate : trusted) {
            // Santuario's verifier is left unusable by a key of the wrong type, so only matching keys are tried.
            if (!keyType.equals(certificate.getPublicKey().getAlgorithm())) {
                continue;
            }
            tried++;
            try {
                SANTUARIO.validate(signature, new BasicX509Credential(certificate));
                return;
            } catch (SignatureException | RuntimeException e) {
                LOG.debug("{} does not verify with {}: {}", what, certificate.getSubjectX500Principal(),
                        e.getMessage());
            }
        }
        throw Values.fail(EcpError.INVALID_SIGNATURE, what + " does not verify with any of the " + tried
                + " configured " + keyType + " signing certificate(s) of the issuer (" + trusted.size()
                + " configured in all)");
    }

    private static void checkLayout(Element signature, String what) throws EcpException {
        int signedInfo = 0;
        int signatureValue = 0;
        int keyInfo = 0;
        for (Element child : Dom.children(signature)) {
            if (Dom.is(child, Dom.DS, "SignedInfo")) {
                signedInfo++;
            } else if (Dom.is(child, Dom.DS, "SignatureValue")) {
                signatureValue++;
            } else if (Dom.is(child, Dom.DS, "KeyInfo")) {
                keyInfo++;
            } else {
                throw Values.fail(EcpError.INVALID_SIGNATURE, what + ": unexpected child element " + Dom.name(child)
                        + " in ds:Signature");
            }
        }
        if (signedInfo != 1 || signatureValue != 1 || keyInfo > 1) {
            throw Values.fail(EcpError.INVALID_SIGNATURE, what + ": expected one SignedInfo, one SignatureValue and "
                    + "at most one KeyInfo, saw " + signedInfo + ", " + signatureValue + " and " + keyInfo);
        }
    }

    /**
     * The one Reference must name the signed element itself: {@code #ID} as SAML core 5.4.2 requires, or an empty URI
     * only when the signed element is the root of its document. OpenSAML's profile validator accepts an empty URI on
     * any element; on an Assertion inside a Response it covers the whole Response, so a Response signature moved into
     * the Assertion still verifies there, and the Response then passes as unsigned (no Destination required).
     */
    private static void checkReferenceTarget(SignableSAMLObject signed, Element signature, String what)
            throws EcpException {
        List<Element> references = Dom.children(Dom.children(signature, Dom.DS, "SignedInfo").get(0), Dom.DS,
                "Reference");
        if (references.size() != 1) {
            throw Values.fail(EcpError.INVALID_SIGNATURE, what + ": expected exactly one ds:Reference, saw "
                    + references.size());
        }
        Element reference = references.get(0);
        String uri = reference.hasAttributeNS(null, "URI") ? reference.getAttributeNS(null, "URI") : null;
        String id = signed.getSignatureReferenceID();
        Element dom = signed.getDOM();
        boolean root = dom.getOwnerDocument().getDocumentElement() == dom;
        if ((id != null && ("#" + id).equals(uri)) || (root && "".equals(uri))) {
            return;
        }
        throw Values.fail(EcpError.INVALID_SIGNATURE, what + ": the Reference URI must be '#' followed by the signed "
                + "element's ID" + (root ? " (or empty)" : "") + ", saw " + Values.quote(uri));
    }

    private void checkAlgorithms(XMLSignature xmlSignature, Element signature, String what) throws EcpException {
        SignedInfo signedInfo = xmlSignature.getSignedInfo();
        check(what + " CanonicalizationMethod", signedInfo.getCanonicalizationMethodURI(),
                policy.canonicalizationAlgorithms());
        check(what + " SignatureMethod", signedInfo.getSignatureMethodURI(), policy.signatureAlgorithms());
        // From the DOM: Santuario's getter returns null for an empty Algorithm and throws for an unknown one.
        for (Element reference : Dom.children(Dom.children(signature, Dom.DS, "SignedInfo").get(0), Dom.DS,
                "Reference")) {
            List<Element> methods = Dom.children(reference, Dom.DS, "DigestMethod");
            if (methods.size() != 1) {
                throw Values.fail(EcpError.INVALID_SIGNATURE, what + ": expected one ds:DigestMethod in the "
                        + "Reference, saw " + methods.size());
            }
            Element method = methods.get(0);
            check(what + " DigestMethod", method.hasAttributeNS(null, "Algorithm")
                    ? method.getAttributeNS(null, "Algorithm") : null, policy.digestAlgorithms());
        }
    }

    private static void check(String field, String algorithm, java.util.Set<String> allowed) throws EcpException {
        if (algorithm == null || !allowed.contains(algorithm)) {
            throw Values.fail(EcpError.WEAK_ALGORITHM, field + ": expected one of " + allowed + ", saw "
                    + Values.quote(algorithm));
        }
    }
}
