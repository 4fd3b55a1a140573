package dev.samlec.mech.internal.validation;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.service.AlgorithmPolicy;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.w3c.dom.Element;

/**
 * SolarWinds CVE-2026-28323 at the innermost layer: {@link SignatureVerifier} with no configured certificate, or none
 * of the signature's key type, fails closed with {@link EcpError#INVALID_SIGNATURE} (the signature step refuses an
 * issuer without certificates before that, so this is the second line).
 */
class SignatureVerifierTrustTest {
    private final SignatureVerifier verifier = new SignatureVerifier(AlgorithmPolicy.defaults());

    @Test
    void verifyWhenNoCertificateConfiguredThenInvalidSignature() throws Exception {
        Assertion assertion = signedAssertion();

        assertError(EcpError.INVALID_SIGNATURE, () -> verifier.verify(assertion, List.of(), "Assertion signature"));
    }

    @Test
    void verifyWhenOnlyCertificatesOfAnotherKeyTypeThenInvalidSignature() throws Exception {
        Assertion assertion = signedAssertion();

        assertError(EcpError.INVALID_SIGNATURE, () -> verifier.verify(assertion,
                List.of(TestCredentials.idpEc().certificate()), "Assertion signature"));
    }

    @Test
    void verifyWhenSignersCertificateConfiguredThenVerified() throws Exception {
        Assertion assertion = signedAssertion();

        assertThatCode(() -> verifier.verify(assertion, List.of(TestCredentials.idp().certificate()),
                "Assertion signature")).doesNotThrowAnyException();
    }

    private static Assertion signedAssertion() throws Exception {
        Element root = TestSamlObjects.signedAssertion().build().getDocumentElement();
        Response response = (Response) XMLObjectSupport.getUnmarshaller(root).unmarshall(root);
        return response.getAssertions().get(0);
    }
}
