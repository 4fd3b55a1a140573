package dev.samlec.mech;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.testing.HostileXml;
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

    /** An element {@code tag} declaring {@code count} prefixes {@code p<from>...}, around {@code inner}. */
    private static String declaring(String tag, int from, int count, String inner) {
        StringBuilder s = new StringBuilder("<").append(tag);
        for (int i = from; i < from + count; i++) {
            s.append(" xmlns:p").append(i).append("='urn:x'");
        }
        return s.append('>').append(inner).append("</").append(tag).append('>').toString();
    }

    @Test
    void parseWhenNamespacesInScopeExactlyAtTheLimitThenParsed() throws Exception {
        int limit = SecureXmlParser.MAX_NAMESPACES_IN_SCOPE;
        byte[] xml = declaring("r", 0, limit - 6, declaring("a", limit - 6, 6, "<p0:x/>"))
                .getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(xml, "test").getDocumentElement().getAttributes().getLength()).isEqualTo(limit - 6);
    }

    @Test
    void parseWhenNamespacesInScopeOneBeyondTheLimitAcrossAncestorsThenXmlTooComplex() {
        int limit = SecureXmlParser.MAX_NAMESPACES_IN_SCOPE;
        byte[] xml = declaring("r", 0, limit - 6, "<b/>" + declaring("a", limit - 6, 7, ""))
                .getBytes(StandardCharsets.UTF_8);

        EcpException e = assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(xml, "test"));

        assertThat(e.getMessage()).contains("test").contains(String.valueOf(limit + 1)).contains("\"a\"");
    }

    @Test
    void parseWhenMoreAttributesOnOneElementThanTheJdkParserAllowsThenXmlTooComplexOnEveryJdk() throws Exception {
        // JDK 24+ parsers default to 200 attributes per element; samlec sets JDK 17's 10,000 for every JDK
        StringBuilder many = new StringBuilder("<r");
        for (int i = 0; i < 300; i++) {
            many.append(" a").append(i).append("=\"\"");
        }
        assertThat(parser.parse(utf8(many + "/>"), "test").getDocumentElement().getAttributes().getLength())
                .isEqualTo(300);
        for (int i = 300; i <= 10_000; i++) {
            many.append(" a").append(i).append("=\"\"");
        }

        EcpException e = assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(utf8(many + "/>"), "test"));

        assertThat(e.getMessage()).contains("test").contains("elementAttributeLimit");
    }

    @Test
    void parseWhenIdAttributesAreFewOrShallowThenParsedAndWhenThousandsNestDeepThenXmlTooComplex() throws Exception {
        // a few IDs at any depth, or thousands near the root: as in real messages and metadata
        assertThat(parser.parse(utf8("<r>" + "<d>".repeat(60) + "<e ID=\"a\"/><e xml:id=\"b\"/><e Id=\"c\"/>"
                + "</d>".repeat(60) + "</r>"), "test")).isNotNull();
        assertThat(parser.parse(utf8("<r>" + idGroups(10_000) + "</r>"), "test")).isNotNull();

        EcpException e = assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(utf8("<r>" + "<d>".repeat(60)
                + idGroups(10_000) + "</d>".repeat(60) + "</r>"), "test"));

        assertThat(e.getMessage()).contains("ID attributes");
    }

    @Test
    void parseWhenSiblingsEachDeclareUnderTheLimitThenTheirSumDoesNotCount() throws Exception {
        int half = SecureXmlParser.MAX_NAMESPACES_IN_SCOPE * 3 / 4;
        byte[] xml = ("<r>" + declaring("a", 0, half, "") + declaring("b", half, half, "") + "</r>")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(xml, "test").getDocumentElement().getChildNodes().getLength()).isEqualTo(2);
    }

    @Test
    void parseWhenThousandsOfDeclarationsOnEnvelopeAndBodyThenRefusedBeforeAnyCopy() {
        // 254 KiB of declarations: declaring them again on the body element once took the JDK's DOM 2.2 s
        byte[] xml = HostileXml.namespaceFloodEnvelope(8000);
        assertThat(xml.length).isLessThan(SecureXmlParser.DEFAULT_MAX_BYTES);

        assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(xml, "test"));
    }

    /** {@code n} elements with an ID attribute each, in groups of 100 (so that no element has many children). */
    private static String idGroups(int n) {
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < n; i += 100) {
            groups.append("<g>");
            for (int j = i; j < Math.min(n, i + 100); j++) {
                groups.append("<e Id=\"a").append(j).append("\"/>");
            }
            groups.append("</g>");
        }
        return groups.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parseWhenTensOfThousandsOfChildrenOfOneElementThenXmlTooComplex() {
        // OpenSAML compares each child it adds with those before it: 30,000 children of an Assertion took 2 s
        EcpException e = assertError(EcpError.XML_TOO_COMPLEX,
                () -> parser.parse(utf8("<r>" + "<a/>".repeat(40_000) + "</r>"), "test"));

        assertThat(e.getMessage()).contains("child elements");
    }

    @Test
    void parseWhenThousandsOfChildrenAsALargeAttributeHasThenParsed() throws Exception {
        byte[] xml = utf8("<r><v>" + "<a xmlns:x='urn:x' x:t='1'>value</a>".repeat(4_000) + "</v></r>");

        assertThat(parser.parse(xml, "test").getElementsByTagName("a").getLength()).isEqualTo(4_000);
    }

    @Test
    void parseWhenFederationSizedListOfEntitiesWithContentThenParsed() throws Exception {
        // 50,000 children of one element, each with content of its own (30 elements and attributes; a real
        // EntityDescriptor has 50 to 200), as an aggregate's EntityDescriptors
        String entity = "<e id='x' v='1'><s p='a'><k u='s'><i><d>c</d></i></k><k u='e'><i><d>c</d></i></k><n>f</n>"
                + "<a b='0' l='h'/><a b='1' l='h'/></s><o n='1'><l u='h'/><l u='h'/></o><m t='x'>x</m></e>";
        byte[] xml = utf8("<r>" + entity.repeat(50_000) + "</r>");

        Document doc = SecureXmlParser.forMetadata(xml.length).parse(xml, "test");

        assertThat(doc.getDocumentElement().getChildNodes().getLength()).isEqualTo(50_000);
        // in a message, each of them is charged for every sibling before it
        assertError(EcpError.XML_TOO_COMPLEX, () -> new SecureXmlParser(xml.length).parse(xml, "test"));
    }

    @Test
    void parseWhenThousandsOfEmptyChildrenPaddedWithCheapFillerThenXmlTooComplex() {
        // a third review's shape: 9,000 empty children of one element, filler groups buying per-node allowance;
        // with a message's children charged at most 4,096 siblings each it passed and cost 9 x a genuine message
        String filler = ("<g>" + "<f/>".repeat(60) + "</g>").repeat(700);
        byte[] xml = utf8("<r><v>" + "<e/>".repeat(9_000) + "</v>" + filler + "</r>");
        assertThat(xml.length).isLessThan(SecureXmlParser.DEFAULT_MAX_BYTES);

        assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(xml, "test"));
    }

    @Test
    void parseWhenThousandsOfQualifiedAttributesOnOneElementThenXmlTooComplex() {
        // OpenSAML looks up each one's prefix through every attribute of the element and its ancestors
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 9_000; i++) {
            attributes.append(" q:a").append(i).append("=''");
        }
        byte[] xml = utf8("<r xmlns:q='urn:q'><e" + attributes + "/></r>");

        EcpException e = assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(xml, "test"));

        assertThat(e.getMessage()).contains("namespace-qualified attributes");
    }

    @Test
    void parseWhenManyLanguageTaggedNamesAsMetadataHasThenParsed() throws Exception {
        String entity = "<e a='1' b='2'><n xml:lang='en'>x</n><n xml:lang='de'>y</n><n xml:lang='fr'>z</n></e>";

        Document doc = parser.parse(utf8("<r xmlns:m='urn:m' id='x'>" + entity.repeat(3_000) + "</r>"), "test");

        assertThat(doc.getElementsByTagName("n").getLength()).isEqualTo(9_000);
    }

    @Test
    void parseWhenNumberLongerThanTheDigitLimitThenXmlTooComplex() throws Exception {
        int limit = dev.samlec.mech.internal.xml.InfosetCheck.MAX_DIGIT_RUN;
        String atLimit = "2030-01-01T00:00:00." + "1".repeat(limit - 20) + "Z";
        String beyond = "2030-01-01T00:00:00." + "1".repeat(limit + 1) + "Z";

        assertThat(parser.parse(utf8("<r t='" + atLimit + "'/>"), "test")).isNotNull();
        assertError(EcpError.XML_TOO_COMPLEX, () -> parser.parse(utf8("<r t='" + beyond + "'/>"), "test"));
        assertError(EcpError.XML_TOO_COMPLEX,
                () -> parser.parse(utf8("<r><v>" + "9".repeat(200_000) + "-01-01T00:00:00Z</v></r>"), "test"));
        assertThat(parser.parse(utf8("<r><v>" + "12345 ".repeat(10_000) + "</v></r>"), "test")).isNotNull();
    }

    @Test
    void parseWhenElementNamedXmlnsThenMalformedXml() {
        // the JDK's DOM refuses to create such an element, so copying it threw an unchecked DOMException
        EcpException e = assertError(EcpError.MALFORMED_XML,
                () -> parser.parse("<r><xmlns xmlns='urn:x'/></r>".getBytes(StandardCharsets.UTF_8), "test"));

        assertThat(e.getMessage()).contains("\"xmlns\"");
        assertError(EcpError.MALFORMED_XML, () -> parser.parse("<xmlns/>".getBytes(StandardCharsets.UTF_8), "t"));
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
