package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.child;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.SmallStack;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Nesting depth through the validator (issue 10, part 1): refused at parse for the Response and for decrypted
 * plaintext, on a small thread stack, and a document at the limit goes through every recursive consumer.
 */
class NestingDepthTest {
    private static final String PAD = "urn:samlec:test:pad";
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void validateWhenResponseNestedThousandsDeepThenXmlTooDeepOnASmallStack() throws Exception {
        String xml = new String(TestSamlObjects.signedAssertion().bytes(), StandardCharsets.UTF_8);
        String deep = xml.replace("</saml2p:Response>", "<p:x xmlns:p=\"" + PAD + "\">" + "<p:x>".repeat(5000)
                + "</p:x>".repeat(5001) + "</saml2p:Response>");
        assertThat(deep).isNotEqualTo(xml);

        SmallStack.call(() -> assertError(EcpError.XML_TOO_DEEP,
                () -> fixture.validate(deep.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void validateWhenDecryptedPlaintextNestedThousandsDeepThenDecryptionFailedOnASmallStack() throws Exception {
        byte[] plaintext = ("<saml2:Assertion xmlns:saml2=\"" + SAML + "\">" + "<x>".repeat(5000) + "</x>".repeat(5000)
                + "</saml2:Assertion>").getBytes(StandardCharsets.UTF_8);
        Document doc = TestSamlObjects.encrypted().build();
        Element old = child(doc.getDocumentElement(), SAML, "EncryptedAssertion");
        doc.getDocumentElement().replaceChild(RawEncryption.encryptedAssertion(doc, plaintext,
                TestCredentials.spEncryption().certificate()), old);
        byte[] response = bytes(doc);

        // No oracle: the plaintext's problem gets the one decryption message (attacks.md, XML Encryption).
        SmallStack.call(() -> assertError(EcpError.DECRYPTION_FAILED, () -> fixture.validate(response)));
    }

    @Test
    void validateWhenSignedAssertionNestsExactlyToTheLimitThenAcceptedOnASmallStack() throws Exception {
        // Response(1) / Assertion(2) / Advice(3) / pad(4..64)
        byte[] xml = TestSamlObjects.signedAssertion().editAssertionDomBeforeSigning(a -> pad(a, 61)).bytes();
        assertThat(new SecureXmlParser(1 << 20).parse(xml, "test")).isNotNull();

        SamlIdentity identity = SmallStack.call(() -> fixture.validate(xml));

        assertThat(identity.nameId().value()).isEqualTo("alice");
    }

    @Test
    void standaloneWhenElementAtTheLimitThenCopiedOnASmallStack() throws Exception {
        Document doc = new SecureXmlParser(1 << 20).parse(
                ("<a>".repeat(64) + "</a>".repeat(64)).getBytes(StandardCharsets.UTF_8), "test");

        byte[] copy = SmallStack.call(() -> XmlWriter.standalone(doc.getDocumentElement()));

        assertThat(new String(copy, StandardCharsets.UTF_8)).startsWith("<a><a>");
    }

    @Test
    void validateWhenTheApplicationParsedADeepDocumentItselfThenXmlTooDeepOnASmallStack() throws Exception {
        String xml = new String(TestSamlObjects.signedAssertion().bytes(), StandardCharsets.UTF_8);
        String deep = xml.replace("</saml2p:Response>", "<p:x xmlns:p=\"" + PAD + "\">" + "<p:x>".repeat(5000)
                + "</p:x>".repeat(5001) + "</saml2p:Response>");
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // The application's own parser may allow any depth (JDK 24+ default to 100; 0 lifts the limit).
        factory.setAttribute("jdk.xml.maxElementDepth", "0");
        Document own = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                deep.getBytes(StandardCharsets.UTF_8)));

        SmallStack.call(() -> assertError(EcpError.XML_TOO_DEEP,
                () -> fixture.validator().validate(own, ValidationContext.expect(TestSamlObjects.REQUEST_ID))));
    }

    /** An Advice holding {@code levels} nested foreign elements, first child of the assertion after Subject. */
    private static void pad(Element assertion, int levels) {
        Document doc = assertion.getOwnerDocument();
        Element advice = doc.createElementNS(SAML, "saml2:Advice");
        Element parent = advice;
        for (int i = 0; i < levels; i++) {
            Element next = doc.createElementNS(PAD, "p:x");
            if (i == 0) {
                next.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:p", PAD);
            }
            parent.appendChild(next);
            parent = next;
        }
        Element conditions = child(assertion, SAML, "Conditions");
        assertion.insertBefore(advice, conditions.getNextSibling());
    }
}
