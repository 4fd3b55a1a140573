package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestDom.SAML;
import static dev.samlec.mech.testing.TestDom.assertion;
import static dev.samlec.mech.testing.TestDom.bytes;
import static dev.samlec.mech.testing.TestDom.first;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.Canary;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** attacks.md §3 and §4: comment/CDATA/PI tricks in signed text, DOCTYPE, XXE, entity expansion, size. */
class XmlAttackTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void commentInjectionWhenCommentSplitsNameIdThenFullValueNeverTruncated() throws Exception {
        Document doc = TestSamlObjects.signedAssertion().assertion(a -> a.nameId("alice@example.org.evil")).build();
        split(first(assertion(doc), SAML, "NameID"), "alice@example.org", ".evil");

        SamlIdentity identity = fixture.validate(bytes(doc));

        assertThat(identity.nameId().value()).isEqualTo("alice@example.org.evil");
    }

    @Test
    void commentInjectionWhenPrefixAndSuffixThenConcatenatedValue() throws Exception {
        Document doc = TestSamlObjects.signedResponse().assertion(a -> a.nameId("johndoe@example.com")).build();
        split(first(assertion(doc), SAML, "NameID"), "john", "doe@example.com");

        assertThat(fixture.validate(bytes(doc)).nameId().value()).isEqualTo("johndoe@example.com");
    }

    @Test
    void commentInjectionWhenInAttributeValueThenFullValue() throws Exception {
        Document doc = TestSamlObjects.signedAssertion().build();
        split(first(assertion(doc), SAML, "AttributeValue"), "alice@example.org", "");

        SamlIdentity identity = fixture.validate(bytes(doc));

        assertThat(identity.attribute("mail").flatMap(SamlAttribute::firstValue)).contains("alice@example.org");
    }

    @Test
    void cdataWhenSplittingNameIdThenReadAsOneValue() throws Exception {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element nameId = first(assertion(doc), SAML, "NameID");
        nameId.setTextContent("ali");
        nameId.appendChild(doc.createCDATASection("ce"));

        assertThat(fixture.validate(bytes(doc)).nameId().value()).isEqualTo("alice");
    }

    @Test
    void processingInstructionWhenInsideSignedNameIdThenRefusedAtParse() {
        Document doc = TestSamlObjects.signedAssertion().build();
        Element nameId = first(assertion(doc), SAML, "NameID");
        nameId.appendChild(doc.createProcessingInstruction("evil", "x"));

        assertError(EcpError.MALFORMED_XML, () -> fixture.validate(bytes(doc)));
    }

    @Test
    void doctypeWhenInternalSubsetThenDtdForbidden() {
        byte[] xml = withDoctype("<!DOCTYPE samlp:Response [<!ENTITY x \"admin\">]>", "&x;");

        assertError(EcpError.DTD_FORBIDDEN, () -> fixture.validate(xml));
    }

    @Test
    void xxeWhenExternalFileEntityThenDtdForbidden() {
        byte[] xml = withDoctype("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>", "&x;");

        assertError(EcpError.DTD_FORBIDDEN, () -> fixture.validate(xml));
    }

    @Test
    void billionLaughsWhenNestedEntitiesThenDtdForbiddenWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        byte[] xml = withDoctype(dtd.append("]>").toString(), "&lol10;");

        assertError(EcpError.DTD_FORBIDDEN, () -> fixture.validate(xml));
    }

    @Test
    void xxeWhenOutOfBandParameterEntityThenNoNetworkAccess() {
        try (Canary canary = new Canary()) {
            byte[] xml = withDoctype("<!DOCTYPE r [<!ENTITY % xxe SYSTEM \"" + canary.url("x") + "\"> %xxe;]>",
                    "alice");
            byte[] external = withDoctype("<!DOCTYPE r SYSTEM \"" + canary.url("d.dtd") + "\">", "alice");

            assertError(EcpError.DTD_FORBIDDEN, () -> fixture.validate(xml));
            assertError(EcpError.DTD_FORBIDDEN, () -> fixture.validate(external));
            assertThat(canary.hits()).isZero();
        }
    }

    @Test
    void sizeWhenLargerThanConfiguredCapThenMessageTooLarge() {
        fixture.configure(b -> b.maxResponseBytes(4096));
        byte[] xml = TestSamlObjects.signedAssertion().bytes();

        assertThat(xml.length).isGreaterThan(4096);
        assertError(EcpError.MESSAGE_TOO_LARGE, () -> fixture.validate(xml));
    }

    @Test
    void malformedWhenTrailingGarbageThenMalformedXml() {
        byte[] valid = TestSamlObjects.signedAssertion().bytes();
        byte[] xml = (new String(valid, StandardCharsets.UTF_8) + "<again/>").getBytes(StandardCharsets.UTF_8);

        assertError(EcpError.MALFORMED_XML, () -> fixture.validate(xml));
    }

    /** Replaces the text of {@code e} by {@code before}, an empty comment, {@code after}. */
    private static void split(Element e, String before, String after) {
        Document doc = e.getOwnerDocument();
        e.setTextContent(before);
        e.appendChild(doc.createComment(""));
        if (!after.isEmpty()) {
            e.appendChild(doc.createTextNode(after));
        }
    }

    /** A signed baseline with a DOCTYPE in front and the NameID text replaced by {@code nameIdText}. */
    private static byte[] withDoctype(String doctype, String nameIdText) {
        String xml = TestDom.string(TestSamlObjects.signedAssertion().build())
                .replace(">alice</saml2:NameID>", ">" + nameIdText + "</saml2:NameID>");
        return (doctype + xml).getBytes(StandardCharsets.UTF_8);
    }
}
