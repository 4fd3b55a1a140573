package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.TrustedIdp;
import java.util.Objects;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDType;

/**
 * Step 5: the Response Issuer (if present) and the Assertion Issuer must both be the expected IdP, with Format absent
 * or {@code entity}, and every verified signature must have been made with that IdP's key. The expected IdP is the
 * one the {@link dev.samlec.mech.service.ValidationContext} names, else the only trusted IdP, else the IdP whose key
 * verified the signature.
 */
public final class IssuerStep implements ValidationStep {
    private final IdpTrustSource trust;

    /** The step for {@code trust}. */
    public IssuerStep(IdpTrustSource trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        String signer = state.responseSignedBy() != null ? state.responseSignedBy() : state.assertionSignedBy();
        String expected = state.context().expectedIssuer().or(trust::soleIdp).orElse(signer);
        TrustedIdp idp = expected == null ? null : trust.find(expected).orElse(null);
        if (idp == null) {
            throw Values.fail(EcpError.INVALID_ISSUER, "expected IdP " + Values.quote(expected) + " is not one of the "
                    + "trusted IdPs (" + trust.describe() + ")");
        }
        Issuer responseIssuer = state.response().getIssuer();
        if (responseIssuer != null) {
            check("Response Issuer", responseIssuer, expected);
        }
        check("Assertion Issuer", state.assertion().getIssuer(), expected);
        checkSigner("Response signature", state.responseSignedBy(), expected);
        checkSigner("Assertion signature", state.assertionSignedBy(), expected);
        state.issuer(expected);
        state.trustedIdp(idp);
    }

    private static void check(String field, Issuer issuer, String expected) throws EcpException {
        String value = Values.text(issuer);
        if (!expected.equals(value)) {
            throw Values.mismatch(EcpError.INVALID_ISSUER, field, expected, value);
        }
        String format = issuer.getFormat();
        if (format != null && !NameIDType.ENTITY.equals(format)) {
            throw Values.mismatch(EcpError.INVALID_ISSUER, field + " Format", NameIDType.ENTITY, format);
        }
    }

    private static void checkSigner(String what, String signer, String expected) throws EcpException {
        if (signer != null && !signer.equals(expected)) {
            throw Values.fail(EcpError.INVALID_ISSUER, what + ": made with a key of " + Values.quote(signer)
                    + ", expected a key of " + Values.quote(expected));
        }
    }
}
