package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.DS;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static dev.samlec.mech.testing.TestDom.evilEdit;
import static dev.samlec.mech.testing.TestDom.signature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.RawSigning;
import dev.samlec.mech.testing.RawSigning.Ref;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * xmlseclibs GHSA-c4cc-x928-vjw9 (CVE-2025-66475): degenerate canonicalization and empty-digest tricks, where a
 * verifier digests nothing (an empty string) and compares it with a DigestValue made for nothing. Each SignedInfo
 * below is edited by hand and then signed again with the trusted IdP key ({@link RawSigning#resign}), so the
 * SignatureValue is always genuine and only the digest and algorithm rules decide.
 */
class DegenerateDigestTest {
    private static final String A_ID = "_assert-8d3c2b1a0f9e8d7c6b5a";
    private static final String EMPTY_SHA256 = emptySha256();

    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void digestValueWhenEmptyInIdpSignedSignedInfoThenInvalidSignature() {
        Document doc = resigned(false, reference -> child(reference, DS, "DigestValue").setTextContent(""));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void digestValueWhenAbsentFromIdpSignedSignedInfoThenInvalidSignature() {
        Document doc = resigned(false, reference -> reference.removeChild(child(reference, DS, "DigestValue")));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void digestValueWhenDigestOfTheEmptyStringOverEvilAssertionThenInvalidSignature() {
        Document doc = resigned(true, reference -> child(reference, DS, "DigestValue").setTextContent(EMPTY_SHA256));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void referenceWhenToNothingWithDigestOfTheEmptyStringThenInvalidSignature() {
        Document doc = resigned(true, reference -> {
            reference.setAttributeNS(null, "URI", "#_nothing-has-this-id");
            child(reference, DS, "DigestValue").setTextContent(EMPTY_SHA256);
        });

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void transformsWhenTheyReduceTheAssertionToNothingThenInvalidSignature() {
        // The Reference names the assertion itself, but an XPath filter selects nothing: the digest is the genuine
        // digest of the empty string and the evil assertion is covered by nothing.
        Document doc = TestSamlObjects.unsigned().build();
        Element a = assertion(doc);
        evilEdit(a);
        Element signature = RawSigning.sign(a, child(a, SAML, "Subject"), TestCredentials.idp(),
                Ref.xpath("#" + A_ID, "false()"));
        assertThat(child(RawSigning.references(signature).get(0), DS, "DigestValue").getTextContent())
                .isEqualTo(EMPTY_SHA256);

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "Transform Algorithm ''{0}''")
    @ValueSource(strings = {"", "urn:example:no-such-transform", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"})
    void transformWhenAlgorithmEmptyUnknownOrNotExclusiveThenInvalidSignature(String algorithm) {
        Document doc = resigned(false, reference -> TestDom.children(child(reference, DS, "Transforms"), DS,
                "Transform").get(1).setAttributeNS(null, "Algorithm", algorithm));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void transformsWhenElementEmptyThenInvalidSignature() {
        Document doc = resigned(false, reference -> {
            Element transforms = child(reference, DS, "Transforms");
            for (Element transform : TestDom.children(transforms, DS, "Transform")) {
                transforms.removeChild(transform);
            }
        });

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "CanonicalizationMethod Algorithm ''{0}''")
    @ValueSource(strings = {"", "urn:example:no-such-c14n"})
    void canonicalizationMethodWhenAlgorithmEmptyOrUnknownThenWeakAlgorithm(String algorithm) {
        Document doc = resigned(false, reference -> child((Element) reference.getParentNode(), DS,
                "CanonicalizationMethod").setAttributeNS(null, "Algorithm", algorithm));

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(bytes(doc)));
    }

    @ParameterizedTest(name = "DigestMethod Algorithm ''{0}''")
    @ValueSource(strings = {"", "(absent)", "urn:example:no-such-digest"})
    void digestMethodWhenAlgorithmEmptyAbsentOrUnknownThenWeakAlgorithm(String algorithm) {
        Document doc = resigned(false, reference -> {
            Element method = child(reference, DS, "DigestMethod");
            if ("(absent)".equals(algorithm)) {
                method.removeAttributeNS(null, "Algorithm");
            } else {
                method.setAttributeNS(null, "Algorithm", algorithm);
            }
        });

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void digestMethodWhenEmptyOnResponseSignatureThenWeakAlgorithmNotInternalError() {
        // issue 10 part 4: this used to be a NullPointerException reported as internal_error.
        Document doc = TestSamlObjects.signedResponse().build();
        Element reference = RawSigning.references(signature(doc.getDocumentElement())).get(0);
        child(reference, DS, "DigestMethod").setAttributeNS(null, "Algorithm", "");

        assertError(EcpError.WEAK_ALGORITHM, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void digestMethodWhenTwiceInOneReferenceThenInvalidSignature() {
        Document doc = resigned(false, reference -> {
            Element method = child(reference, DS, "DigestMethod");
            reference.insertBefore(method.cloneNode(true), method);
        });

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void signedInfoWhenWithoutAnyReferenceThenMalformedMessage() {
        Document doc = resigned(false, reference -> reference.getParentNode().removeChild(reference));

        assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(bytes(doc)));
    }

    /**
     * A Response whose assertion carries a valid IdP signature (optionally over the evil edit), whose one Reference
     * is then edited and whose SignedInfo is signed again with the IdP key.
     */
    private static Document resigned(boolean evil, Consumer<Element> editReference) {
        Document doc = TestSamlObjects.unsigned().build();
        Element a = assertion(doc);
        if (evil) {
            evilEdit(a);
        }
        Element signature = RawSigning.sign(a, child(a, SAML, "Subject"), TestCredentials.idp(),
                Ref.saml("#" + A_ID));
        editReference.accept(RawSigning.references(signature).get(0));
        RawSigning.resign(signature, TestCredentials.idp());
        return doc;
    }

    private static String emptySha256() {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
