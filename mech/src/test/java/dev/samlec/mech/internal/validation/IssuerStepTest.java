package dev.samlec.mech.internal.validation;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.service.ValidationContext;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import org.junit.jupiter.api.Test;

/**
 * {@link IssuerStep} on its own: besides the Issuer elements, the IdP whose key made each signature must be the
 * expected IdP. Through the whole pipeline the signer is always the IdP named by the signed element's Issuer, so
 * only a state prepared by hand shows this part of the step's contract.
 */
class IssuerStepTest {
    private final ServiceFixture fixture = new ServiceFixture();
    private final IssuerStep step = new IssuerStep(ServiceFixture.defaultTrust());

    @Test
    void applyWhenSignaturesByTheExpectedIdpThenIssuerRecorded() throws Exception {
        ValidationState state = signedState();

        step.apply(state);

        assertThat(state.issuer()).isEqualTo(TestSamlObjects.IDP);
    }

    @Test
    void applyWhenResponseSignedByAnotherTrustedIdpThenInvalidIssuer() throws Exception {
        ValidationState state = signedState();
        state.responseSignedBy(TestSamlObjects.IDP2);

        assertError(EcpError.INVALID_ISSUER, () -> step.apply(state));
    }

    @Test
    void applyWhenAssertionSignedByAnotherTrustedIdpThenInvalidIssuer() throws Exception {
        ValidationState state = signedState();
        state.assertionSignedBy(TestSamlObjects.IDP2);

        assertError(EcpError.INVALID_ISSUER, () -> step.apply(state));
    }

    /** R-both for IDP, through the steps before the issuer step, with IDP expected by the caller. */
    private ValidationState signedState() throws Exception {
        ValidationState state = ValidationState.ofBytes(TestSamlObjects.signedBoth().bytes(),
                ValidationContext.expect(TestSamlObjects.REQUEST_ID).withExpectedIssuer(TestSamlObjects.IDP),
                TestSamlObjects.NOW);
        new ParseStep(SecureXmlParser.withDefaultLimit()).apply(state);
        new StructureStep().apply(state);
        new StatusStep().apply(state);
        new SignatureStep(fixture.settings()).apply(state);
        assertThat(state.responseSignedBy()).isEqualTo(TestSamlObjects.IDP);
        assertThat(state.assertionSignedBy()).isEqualTo(TestSamlObjects.IDP);
        return state;
    }
}
