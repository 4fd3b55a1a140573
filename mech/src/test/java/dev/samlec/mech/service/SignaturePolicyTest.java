package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensaml.security.credential.CredentialSupport;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** attacks.md ALG-1 to ALG-6: the algorithm include lists, HMAC key confusion, transforms, ECDSA r = s = 0. */
class SignaturePolicyTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void sha1WhenRsaSha1AndSha1DigestThenWeakAlgorithm() {
        byte[] xml = sha1Signed();

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(xml));
    }

    @Test
    void sha1WhenAllowSha1ConfiguredThenAccepted() throws Exception {
        fixture.configure(b -> b.algorithmPolicy(AlgorithmPolicy.defaults().allowSha1()));

        assertThat(fixture.validate(sha1Signed()).nameId().value()).isEqualTo("alice");
    }

    @Test
    void sha1WhenOnlyDigestIsSha1ThenWeakAlgorithm() {
        byte[] xml = TestSamlObjects.signedAssertion().digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1)
                .bytes();

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(xml));
    }

    @Test
    void hmacWhenKeyedWithIdpCertificateBytesThenWeakAlgorithm() throws Exception {
        byte[] der = TestCredentials.idp().certificate().getEncoded();
        byte[] xml = TestSamlObjects.unsigned()
                .signAssertionWith(CredentialSupport.getSimpleCredential(new SecretKeySpec(der, "HmacSHA256")),
                        TestCredentials.idp())
                .signatureAlgorithm(SignatureConstants.ALGO_ID_MAC_HMAC_SHA256).bytes();

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(xml));
    }

    @Test
    void hmacWhenSha1AllowedThenStillWeakAlgorithm() throws Exception {
        fixture.configure(b -> b.algorithmPolicy(AlgorithmPolicy.defaults().allowSha1()));
        byte[] key = TestCredentials.idp().certificate().getPublicKey().getEncoded();
        byte[] xml = TestSamlObjects.unsigned()
                .signAssertionWith(CredentialSupport.getSimpleCredential(new SecretKeySpec(key, "HmacSHA1")), null)
                .signatureAlgorithm(SignatureConstants.ALGO_ID_MAC_HMAC_SHA1).bytes();

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(xml));
    }

    @ParameterizedTest
    @ValueSource(strings = {SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384,
        SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512, "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"})
    void strongRsaAlgorithmsWhenUsedThenAccepted(String algorithm) throws Exception {
        byte[] xml = TestSamlObjects.signedBoth().signatureAlgorithm(algorithm)
                .digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA512).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void ecdsaSha384WhenUsedThenAccepted() throws Exception {
        byte[] xml = TestSamlObjects.unsigned().signAssertionWith(TestCredentials.idpEc())
                .signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384)
                .digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA384).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void c14nWhenSignedInfoUsesInclusiveCanonicalizationThenWeakAlgorithm() {
        byte[] xml = TestSamlObjects.signedAssertion().canonicalization(SignatureConstants.ALGO_ID_C14N_OMIT_COMMENTS)
                .bytes();

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(xml));
    }

    @Test
    void c14nWhenExclusiveWithCommentsThenAccepted() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion()
                .canonicalization(SignatureConstants.ALGO_ID_C14N_EXCL_WITH_COMMENTS).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void signatureMethodWhenUnknownUriThenRejected() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element method = child(child(signature(assertion(doc)), DS, "SignedInfo"), DS, "SignatureMethod");
        method.setAttributeNS(null, "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#RSA-SHA256 ");

        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void xsltTransformWhenInsertedIntoReferenceThenRejectedBeforeAnyTransformRuns() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element signedInfo = child(signature(assertion(doc)), DS, "SignedInfo");
        Element transforms = child(child(signedInfo, DS, "Reference"), DS, "Transforms");
        Element xslt = doc.createElementNS(DS, "ds:Transform");
        xslt.setAttributeNS(null, "Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116");
        Element stylesheet = doc.createElementNS("http://www.w3.org/1999/XSL/Transform", "xsl:stylesheet");
        stylesheet.setAttributeNS(null, "version", "1.0");
        xslt.appendChild(stylesheet);
        transforms.replaceChild(xslt, transforms.getLastChild());

        // The SAML signature profile refuses it before the cryptographic check runs any transform.
        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void transformsWhenOnlyExclusiveC14nWithoutEnvelopedThenInvalidSignature() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element signedInfo = child(signature(assertion(doc)), DS, "SignedInfo");
        Element transforms = child(child(signedInfo, DS, "Reference"), DS, "Transforms");
        transforms.removeChild(transforms.getFirstChild());

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void ecdsaWhenSignatureValueIsAllZeroThenInvalidSignature() {
        Document doc = TestSamlObjects.unsigned().signAssertionWith(TestCredentials.idpEc()).build();
        child(signature(assertion(doc)), DS, "SignatureValue").setTextContent(
                Base64.getEncoder().encodeToString(new byte[64]));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void policyWhenDefaultThenNoSha1HmacCbcOrRsa15() {
        AlgorithmPolicy policy = AlgorithmPolicy.defaults();

        assertThat(policy.signatureAlgorithms()).noneMatch(a -> a.contains("sha1") || a.contains("hmac"));
        assertThat(policy.digestAlgorithms()).doesNotContain(AlgorithmPolicy.SHA1);
        assertThat(policy.decryptionAlgorithms()).noneMatch(a -> a.contains("cbc") || a.contains("1_5"));
        assertThat(policy.allowSha1().signatureAlgorithms()).contains(AlgorithmPolicy.RSA_SHA1)
                .noneMatch(a -> a.contains("hmac"));
    }

    private static byte[] sha1Signed() {
        return TestSamlObjects.signedBoth().signatureAlgorithm(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1)
                .digestAlgorithm(SignatureConstants.ALGO_ID_DIGEST_SHA1).bytes();
    }
}
