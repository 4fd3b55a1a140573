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
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Verifies the enveloped signature of one Response or Assertion, in this order: the ds:Signature layout (one
 * SignedInfo, one SignatureValue, at most one KeyInfo, nothing else), the SAML signature profile (one Reference to
 * the parent's own ID, enveloped + exclusive c14n only, no ds:Object), the algorithm include lists, and finally the
 * cryptographic check against each configured certificate of the issuer. A key in the message's KeyInfo is never
 * used.
 */
final class SignatureVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(SignatureVerifier.class);

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
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException e) {
            throw new EcpException(EcpError.INVALID_SIGNATURE, what + " breaks the SAML signature profile: "
                    + e.getMessage(), e);
        }
        XMLSignature xmlSignature = ((SignatureImpl) signature).getXMLSignature();
        checkAlgorithms(xmlSignature, what);
        String keyType = xmlSignature.getSignedInfo().getSignatureMethodURI().contains("ecdsa") ? "EC" : "RSA";
        int tried = 0;
        for (X509Certificate certificate : trusted) {
            // Santuario's verifier is left unusable by a key of the wrong type, so only matching keys are tried.
            if (!keyType.equals(certificate.getPublicKey().getAlgorithm())) {
                continue;
            }
            tried++;
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(certificate));
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

    private void checkAlgorithms(XMLSignature xmlSignature, String what) throws EcpException {
        SignedInfo signedInfo = xmlSignature.getSignedInfo();
        check(what + " CanonicalizationMethod", signedInfo.getCanonicalizationMethodURI(),
                policy.canonicalizationAlgorithms());
        check(what + " SignatureMethod", signedInfo.getSignatureMethodURI(), policy.signatureAlgorithms());
        try {
            for (int i = 0; i < signedInfo.getLength(); i++) {
                check(what + " DigestMethod", signedInfo.item(i).getMessageDigestAlgorithm().getAlgorithmURI(),
                        policy.digestAlgorithms());
            }
        } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new EcpException(EcpError.INVALID_SIGNATURE, what + ": a Reference cannot be read", e);
        }
    }

    private static void check(String field, String algorithm, java.util.Set<String> allowed) throws EcpException {
        if (algorithm == null || !allowed.contains(algorithm)) {
            throw Values.fail(EcpError.WEAK_ALGORITHM, field + ": expected one of " + allowed + ", saw "
                    + Values.quote(algorithm));
        }
    }
}
