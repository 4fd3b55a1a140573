package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.evilEdit;
import static dev.samlec.mech.testing.TestDom.removeSignature;
import static dev.samlec.mech.testing.TestDom.signature;
import static dev.samlec.mech.testing.TestSamlObjects.IDP;
import static dev.samlec.mech.testing.TestSamlObjects.IDP2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.Canary;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * attacks.md SIG-1 to SIG-4: signature exclusion, untrusted and cloned keys, a trusted key of the wrong IdP, and
 * Issuer/key consistency.
 */
class SignatureTrustTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void exclusionWhenAllSignaturesRemovedThenSignatureMissing() {
        Document doc = TestSamlObjects.signedBoth().build();
        removeSignature(doc.getDocumentElement());
        removeSignature(assertion(doc));
        evilEdit(assertion(doc));

        assertError(EcpError.SIGNATURE_MISSING, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void exclusionWhenOnlyAssertionSignatureRemovedFromRAssertThenSignatureMissing() {
        Document doc = TestSamlObjects.signedAssertion().build();
        removeSignature(assertion(doc));

        assertError(EcpError.SIGNATURE_MISSING, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void exclusionWhenResponseSignatureRemovedFromRBothThenAcceptedOnAssertionSignature() throws Exception {
        // Policy: a signed assertion suffices; the Response signature is optional.
        Document doc = TestSamlObjects.signedBoth().build();
        removeSignature(doc.getDocumentElement());

        assertThat(fixture.validate(bytes(doc)).nameId().value()).isEqualTo("alice");
    }

    @Test
    void exclusionWhenEmptySignatureElementThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element signature = signature(assertion(doc));
        while (signature.getFirstChild() != null) {
            signature.removeChild(signature.getFirstChild());
        }

        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void exclusionWhenSignatureValueZeroedThenInvalidSignature() {
        Document doc = TestSamlObjects.signedAssertion().build();
        child(signature(assertion(doc)), DS, "SignatureValue").setTextContent(
                Base64.getEncoder().encodeToString(new byte[256]));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void exclusionWhenSignatureValueEmptyThenRejected() {
        Document doc = TestSamlObjects.signedResponse().build();
        child(signature(doc.getDocumentElement()), DS, "SignatureValue").setTextContent("");

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void resignedWhenAttackerKeyWithCertificateInKeyInfoThenInvalidSignature() {
        byte[] xml = TestSamlObjects.unsigned().signAssertionWith(TestCredentials.attacker())
                .assertion(a -> a.nameId("admin")).bytes();

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(xml));
    }

    @Test
    void resignedWhenAttackerSignsResponseAndGenuineAssertionIsUnsignedThenInvalidSignature() {
        byte[] xml = TestSamlObjects.unsigned().signResponseWith(TestCredentials.attacker()).bytes();

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(xml));
    }

    @Test
    void keyInfoWhenGenuineCertificateButAttackerSignatureThenInvalidSignature() {
        Document doc = TestSamlObjects.unsigned().signAssertionWith(TestCredentials.attacker()).build();
        Document genuine = TestSamlObjects.signedAssertion().build();
        Element keyInfo = child(signature(assertion(doc)), DS, "KeyInfo");
        Element genuineKeyInfo = child(signature(assertion(genuine)), DS, "KeyInfo");
        keyInfo.getParentNode().replaceChild(doc.importNode(genuineKeyInfo, true), keyInfo);

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void keyInfoWhenSecondKeyInfoAddedThenRejectedWhileReading() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element keyInfo = child(signature(assertion(doc)), DS, "KeyInfo");
        keyInfo.getParentNode().appendChild(TestDom.deepClone(keyInfo));

        // Santuario refuses the layout while OpenSAML unmarshals it; samlec's own layout check is a second guard.
        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void keyInfoWhenRetrievalMethodToCanaryThenIgnoredAndNothingFetched() throws Exception {
        try (Canary canary = new Canary()) {
            Document doc = TestSamlObjects.signedAssertion().build();
            Element keyInfo = child(signature(assertion(doc)), DS, "KeyInfo");
            while (keyInfo.getFirstChild() != null) {
                keyInfo.removeChild(keyInfo.getFirstChild());
            }
            Element retrieval = doc.createElementNS(DS, "ds:RetrievalMethod");
            retrieval.setAttributeNS(null, "URI", canary.url("cert"));
            retrieval.setAttributeNS(null, "Type", "http://www.w3.org/2000/09/xmldsig#rawX509Certificate");
            keyInfo.appendChild(retrieval);

            // KeyInfo is not signed and never used: the configured IdP key verifies the signature.
            assertThat(fixture.validate(bytes(doc)).nameId().value()).isEqualTo("alice");
            assertThat(canary.hits()).isZero();
        }
    }

    @Test
    void keyOfOtherIdpWhenIssuerNamesIdpAThenInvalidSignature() {
        byte[] xml = TestSamlObjects.unsigned().signAssertionWith(TestCredentials.idp2())
                .signResponseWith(TestCredentials.idp2()).bytes();

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(xml));
    }

    @Test
    void keyOfServiceWhenUsedToSignThenInvalidSignature() {
        byte[] xml = TestSamlObjects.unsigned().signAssertionWith(TestCredentials.spSigning()).bytes();

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(xml));
    }

    @Test
    void issuerWhenOtherTrustedIdpSignsAsItselfThenAcceptedAsThatIdp() throws Exception {
        SamlIdentity identity = fixture.validate(TestSamlObjects.unsigned().issuer(IDP2)
                .signAssertionWith(TestCredentials.idp2()).bytes());

        assertThat(identity.issuer()).isEqualTo(IDP2);
    }

    @Test
    void issuerWhenOtherTrustedIdpButContextExpectsIdpAThenInvalidIssuer() {
        byte[] xml = TestSamlObjects.unsigned().issuer(IDP2).signAssertionWith(TestCredentials.idp2()).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml,
                ValidationContext.expect(TestSamlObjects.REQUEST_ID).withExpectedIssuer(IDP)));
    }

    @Test
    void issuerWhenResponseIssuerDiffersFromAssertionIssuerThenInvalidIssuer() {
        byte[] xml = TestSamlObjects.signedAssertion().responseIssuer(IDP2).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void issuerWhenBothSignedByDifferentTrustedIdpsThenInvalidIssuer() {
        byte[] xml = TestSamlObjects.signedAssertion().responseIssuer(IDP2)
                .signResponseWith(TestCredentials.idp2()).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void issuerWhenUntrustedEntityThenInvalidIssuer() {
        byte[] xml = TestSamlObjects.unsigned().issuer("https://evil.example.net/idp")
                .signAssertionWith(TestCredentials.attacker()).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void issuerWhenSignedResponseHasNoIssuerThenInvalidIssuer() {
        byte[] xml = TestSamlObjects.signedResponse().responseIssuer(null).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void issuerWhenFormatIsNotEntityThenInvalidIssuer() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> x.getIssuer().setFormat(
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"))).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void issuerWhenOnlyOneTrustedIdpAndOtherSignsThenInvalidIssuer() {
        fixture.configure(b -> b.idpTrust(IdpTrust.of(IDP, java.util.List.of(TestCredentials.idp().certificate()))));
        byte[] xml = TestSamlObjects.unsigned().issuer(IDP2).signAssertionWith(TestCredentials.idp2()).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void rotationWhenSecondConfiguredCertificateSignsThenAccepted() throws Exception {
        fixture.configure(b -> b.idpTrust(IdpTrust.of(IDP, java.util.List.of(TestCredentials.idp2().certificate(),
                TestCredentials.idpEc().certificate(), TestCredentials.idp().certificate()))));

        assertThat(fixture.validate(TestSamlObjects.signedBoth().bytes()).issuer()).isEqualTo(IDP);
    }
}
