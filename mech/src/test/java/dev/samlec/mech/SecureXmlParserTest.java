package dev.samlec.mech;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/** The parse-time checks every samlec entry point inherits: size, depth, namespace names, processing instructions. */
class SecureXmlParserTest {
    private final SecureXmlParser parser = SecureXmlParser.withDefaultLimit();

    /** {@code depth} nested elements; the document element counts as 1. */
    static byte[] nested(int depth) {
        return ("<a>".repeat(depth) + "x" + "</a>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void defaultMaxDepthWhenNoPropertyThen64() {
        assertThat(SecureXmlParser.defaultMaxDepth()).isEqualTo(64);
        assertThat(parser.maxDepth()).isEqualTo(64);
    }

    @Test
    void parseWhenExactlyAtTheDepthLimitThenParsed() throws Exception {
        Document doc = parser.parse(nested(64), "test");

        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("a");
    }

    @Test
    void parseWhenOneLevelBeyondTheLimitThenXmlTooDeep() {
        EcpException e = assertError(EcpError.XML_TOO_DEEP, () -> parser.parse(nested(65), "test"));

        assertThat(e.getMessage()).contains("test").contains("64");
    }

    @Test
    void parseWhenThousandsDeepAndUnderTheSizeCapThenXmlTooDeepWithoutRecursion() {
        byte[] xml = nested(5000);
        assertThat(xml.length).isLessThan(SecureXmlParser.DEFAULT_MAX_BYTES);

        assertError(EcpError.XML_TOO_DEEP, () -> parser.parse(xml, "test"));
    }

    @Test
    void parseWhenParserHasItsOwnDepthThenThatLimitApplies() throws Exception {
        SecureXmlParser shallow = new SecureXmlParser(1024, 3);

        assertThat(shallow.parse(nested(3), "test")).isNotNull();
        assertError(EcpError.XML_TOO_DEEP, () -> shallow.parse(nested(4), "test"));
    }

    @Test
    void parseWhenDeepNestingIsInASiblingSubtreeThenStillCounted() {
        byte[] xml = ("<r><a/><b>" + "<c>".repeat(70) + "</c>".repeat(70) + "</b><d/></r>")
                .getBytes(StandardCharsets.UTF_8);

        assertError(EcpError.XML_TOO_DEEP, () -> parser.parse(xml, "test"));
    }

    @Test
    void parseWhenManyShallowSiblingsThenDepthIsNotTheirCount() throws Exception {
        byte[] xml = ("<r>" + "<a><b/></a>".repeat(2000) + "</r>").getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(xml, "test").getDocumentElement().getChildNodes().getLength()).isEqualTo(2000);
    }

    @Test
    void parseWhenAttributeNameHasEmptyPrefixThenMalformedXml() {
        EcpException e = assertError(EcpError.MALFORMED_XML,
                () -> parser.parse("<a :x='1'/>".getBytes(StandardCharsets.UTF_8), "test"));

        assertThat(e.getMessage()).contains("\":x\"").contains("namespace-well-formed");
    }

    @Test
    void parseWhenElementNameHasEmptyPrefixThenMalformedXml() {
        assertError(EcpError.MALFORMED_XML, () -> parser.parse("<r><:a/></r>".getBytes(StandardCharsets.UTF_8),
                "test"));
        assertError(EcpError.MALFORMED_XML, () -> parser.parse("<:a/>".getBytes(StandardCharsets.UTF_8), "test"));
    }

    @Test
    void parseWhenProcessingInstructionInsideContentThenMalformedXml() {
        byte[] xml = "<a><b>ali<?x ce?>ce</b></a>".getBytes(StandardCharsets.UTF_8);

        EcpException e = assertError(EcpError.MALFORMED_XML, () -> parser.parse(xml, "test"));

        assertThat(e.getMessage()).contains("processing instruction");
    }

    @Test
    void parseWhenProcessingInstructionsOutsideTheDocumentElementThenDropped() throws Exception {
        byte[] xml = "<?xml version='1.0'?><?xml-stylesheet href='x.xsl'?><a>t</a><?after x?>"
                .getBytes(StandardCharsets.UTF_8);

        Document doc = parser.parse(xml, "test");

        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            assertThat(n.getNodeType()).isNotEqualTo(Node.PROCESSING_INSTRUCTION_NODE);
        }
        assertThat(doc.getDocumentElement().getTextContent()).isEqualTo("t");
    }

    @Test
    void parseWhenMalformedThenNothingIsLoggedByTheParserItself() {
        // The pool's default handler logs each error with a stack trace; samlec's throws silently.
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertError(EcpError.MALFORMED_XML, () -> parser.parse("<a><b></a>".getBytes(StandardCharsets.UTF_8),
                    "test"));
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void parseWhenXml11ThenMalformedXml() {
        byte[] xml = "<?xml version='1.1'?><a>t</a>".getBytes(StandardCharsets.UTF_8);

        EcpException e = assertError(EcpError.MALFORMED_XML, () -> parser.parse(xml, "test"));

        assertThat(e.getMessage()).contains("1.1");
    }

    @Test
    void constructorWhenDepthNotPositiveThenRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new SecureXmlParser(1024, 0));
    }
}
