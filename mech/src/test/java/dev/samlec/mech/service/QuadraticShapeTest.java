package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Shapes an unauthenticated peer can send under the size cap that made the validator's later stages work in time
 * squared (an attacker review of 2026-12-07 measured each against a genuine Response of the same size, 32 ms): each is
 * now {@code xml_too_complex} at parse, before OpenSAML or Santuario see it.
 */
class QuadraticShapeTest {
    private final ServiceFixture fixture = new ServiceFixture();

    private static String genuine() throws Exception {
        return new String(TestSamlObjects.signedAssertion().bytes(), StandardCharsets.UTF_8);
    }

    private static byte[] underTheCap(String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SecureXmlParser.DEFAULT_MAX_BYTES) {
            throw new IllegalStateException("the hostile message must stay under the size cap: " + bytes.length);
        }
        return bytes;
    }

    @Test
    void validateWhenAssertionHasTensOfThousandsOfStatementsThenXmlTooComplex() throws Exception {
        // was 2.1 s (samlec's own child count per child, then OpenSAML's child list), then invalid_signature
        String xml = genuine();
        int end = xml.indexOf("</saml2:Assertion>");
        String hostile = xml.substring(0, end) + "<saml2:AttributeStatement/>".repeat(8_000) + xml.substring(end);

        assertError(EcpError.XML_TOO_COMPLEX, () -> fixture.validate(underTheCap(hostile)));
    }

    @Test
    void validateWhenQualifiedAttributesUnderShadowedPrefixesThenXmlTooComplex() throws Exception {
        // was 8.9 s for these 52 KB: each b:x looks up its prefix, trying every a<k> on the way
        StringBuilder outer = new StringBuilder();
        StringBuilder inner = new StringBuilder();
        for (int k = 0; k < 120; k++) {
            outer.append(" xmlns:a").append(k).append("=\"urn:q\"");
            inner.append(" xmlns:a").append(k).append("=\"urn:o\"");
        }
        for (int i = 0; i < 4_000; i++) {
            inner.append(" b:x").append(i).append("=\"\"");
        }
        String xml = genuine();
        String hostile = xml.replaceFirst("<saml2p:Response ", "<saml2p:Response xmlns:b=\"urn:q\"" + outer + " ")
                .replaceFirst("<saml2:Assertion ", "<saml2:Assertion" + inner + " ");

        assertError(EcpError.XML_TOO_COMPLEX, () -> fixture.validate(underTheCap(hostile)));
    }

    @Test
    void validateWhenThousandsOfIdLeavesNestedDeepThenXmlTooComplex() throws Exception {
        // was 145-157 ms (5 x a genuine message): OpenSAML copies each ID into the index of every ancestor
        for (String id : new String[] {"xml:id", "ID"}) {
            StringBuilder leaves = new StringBuilder("<g>"); // in groups of 100: few siblings anywhere
            for (int i = 0; leaves.length() < 200_000; i++) {
                leaves.append(i % 100 == 99 ? "</g><g>" : "").append("<e ").append(id).append("=\"a").append(i)
                        .append("\"/>");
            }
            leaves.append("</g>");
            String xml = genuine();
            int status = xml.indexOf("</saml2p:Status>") + "</saml2p:Status>".length();
            String hostile = xml.substring(0, status) + "<saml2p:Extensions><d xmlns=\"urn:x\">" + "<d>".repeat(55)
                    + leaves + "</d>".repeat(56) + "</saml2p:Extensions>" + xml.substring(status);

            assertError(EcpError.XML_TOO_COMPLEX, () -> fixture.validate(underTheCap(hostile)));
        }
    }

    @Test
    void validateWhenIssueInstantHasAHugeFractionThenXmlTooComplex() throws Exception {
        // was 0.2-0.8 s: the JDK reads a time's fraction or year as a big number, in time squared in its digits
        String hostile = genuine().replaceFirst("IssueInstant=\"([^\".]*?)(\\.[0-9]+)?Z\"",
                "IssueInstant=\"$1." + "1".repeat(100_000) + "Z\"");

        assertError(EcpError.XML_TOO_COMPLEX, () -> fixture.validate(underTheCap(hostile)));
    }
}
