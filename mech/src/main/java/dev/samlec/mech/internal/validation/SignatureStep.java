package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import dev.samlec.mech.service.ServiceProviderSettings;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.Response;
import org.w3c.dom.Element;

/**
 * Step 4: signatures and decryption.
 * <ol>
 *   <li>A signed Response is verified with the configured certificates of the IdP its Issuer names (an Issuer is
 *       then required).</li>
 *   <li>An EncryptedAssertion is decrypted only now, and the decrypted assertion gets the same layout and ID checks
 *       as a plain one (its IDs may not clash with the outer document's).</li>
 *   <li>A signed assertion is verified likewise with its own Issuer's certificates.</li>
 *   <li>The assertion in use must be covered by a verified signature: its own, or the Response's (which, being
 *       enveloped over the whole Response, covers a plain assertion or the ciphertext). Otherwise
 *       {@link EcpError#SIGNATURE_MISSING}.</li>
 * </ol>
 * A present signature that fails is never ignored, even when the other one verifies.
 */
public final class SignatureStep implements ValidationStep {
    private final IdpTrustSource trust;
    private final SignatureVerifier verifier;
    private final SamlDecrypter decrypter;

    /** The step for {@code settings}. */
    public SignatureStep(ServiceProviderSettings settings) {
        this.trust = settings.idpTrust();
        this.verifier = new SignatureVerifier(settings.algorithmPolicy());
        this.decrypter = new SamlDecrypter(settings.decryptionKeys(), settings.algorithmPolicy());
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        Response response = state.response();
        if (hasSignature(response.getDOM())) {
            String issuer = issuerValue(response.getIssuer());
            if (issuer == null) {
                throw Values.fail(EcpError.INVALID_ISSUER, "Response Issuer: required on a signed Response, saw none");
            }
            verifier.verify(response, trustedCertificates(issuer, "Response Issuer"), "Response signature");
            state.responseSignedBy(issuer);
        }
        if (state.encrypted()) {
            state.assertion(decrypt(response, state.outerIds()));
        }
        Assertion assertion = state.assertion();
        if (hasSignature(assertion.getDOM())) {
            String issuer = issuerValue(assertion.getIssuer());
            if (issuer == null) {
                throw Values.fail(EcpError.INVALID_ISSUER, "Assertion Issuer: required, saw none");
            }
            verifier.verify(assertion, trustedCertificates(issuer, "Assertion Issuer"), "Assertion signature");
            state.assertionSignedBy(issuer);
        }
        if (state.responseSignedBy() == null && state.assertionSignedBy() == null) {
            throw Values.fail(EcpError.SIGNATURE_MISSING, "neither the Response nor the " + (state.encrypted()
                    ? "decrypted " : "") + "Assertion carries a signature; one of them must be signed by the IdP");
        }
    }

    private Assertion decrypt(Response response, Set<String> outerIds) throws EcpException {
        if (response.getIssuer() == null) {
            throw Values.fail(EcpError.INVALID_ISSUER, "Response Issuer: required when the assertion is encrypted, "
                    + "saw none");
        }
        EncryptedAssertion encrypted = response.getEncryptedAssertions().get(0);
        Assertion assertion = decrypter.decrypt(encrypted);
        Element dom = assertion.getDOM();
        if (dom == null || dom.getOwnerDocument().getDocumentElement() != dom) {
            throw Values.fail(EcpError.INTERNAL_ERROR, "decrypted assertion is not the root of its own document");
        }
        AssertionShape.check(dom);
        for (String id : IdUniqueness.collect(dom).keySet()) {
            if (outerIds.contains(id)) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "decrypted Assertion: ID value " + Values.quote(id)
                        + " also occurs in the enclosing Response");
            }
        }
        return assertion;
    }

    private List<X509Certificate> trustedCertificates(String issuer, String field) throws EcpException {
        TrustedIdp idp = trust.find(issuer).orElse(null);
        if (idp == null) {
            throw Values.fail(EcpError.INVALID_ISSUER, field + ": expected one of the trusted IdPs ("
                    + trust.describe() + "), saw " + Values.quote(issuer));
        }
        return idp.signingCertificates();
    }

    private static boolean hasSignature(Element element) {
        return !Dom.children(element, Dom.DS, "Signature").isEmpty();
    }

    private static String issuerValue(Issuer issuer) {
        return Values.text(issuer);
    }
}
