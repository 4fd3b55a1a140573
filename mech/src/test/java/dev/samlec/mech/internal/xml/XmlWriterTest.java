package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.message.Canonical;
import dev.samlec.mech.testing.TestSamlObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * samlec's direct DOM writer against the JDK's LSSerializer: the same infoset (exclusive canonical form, what
 * signatures cover) for real messages and awkward values, and the JDK's serialiser for everything the direct writer
 * does not handle.
 */
class XmlWriterTest {
    private static final String NS = "urn:example:ns";

    static Stream<String> samples() {
        return Stream.of("kc-mellon.sp.xml", "kc-shib.idp-req.xml", "kc-shib.idp-resp.xml", "kc-shib.sp-resp.xml",
                "kc-shib.sp.xml", "kc.wrong-password.idp-resp.xml");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void toBytesWhenRealMessageThenSameInfosetAsTheJdkSerialiser(String sample) throws IOException {
        Document doc = Canonical.dom(resource(sample));

        byte[] direct = XmlWriter.toBytes(doc);

        assertThat(PlainDomWriter.write(doc, new StringBuilder())).isTrue();
        assertThat(Canonical.of(direct)).isEqualTo(Canonical.of(utf8(XmlWriter.serialize(doc))))
                .isEqualTo(Canonical.of(doc.getDocumentElement()));
    }

    @Test
    void standaloneWhenSignedResponseThenSameInfosetAsTheJdkSerialiser() {
        byte[] response = TestSamlObjects.signedBoth().answering(TestSamlObjects.REQUEST_ID).bytes();
        Element assertion = firstChild(Canonical.dom(response).getDocumentElement(), "Assertion");

        byte[] direct = XmlWriter.standalone(assertion);

        assertThat(Canonical.of(direct)).isEqualTo(Canonical.of(utf8(XmlWriter.serialize(
                XmlWriter.standaloneDocument(assertion))))).isEqualTo(Canonical.of(assertion));
    }

    /**
     * {@link XmlWriter#standalone} writes the element in place (its start tag adding what is in scope above it) and
     * must give, byte for byte, what writing a standalone copy gives, for every element of real messages.
     */
    @ParameterizedTest
    @MethodSource("samples")
    void standaloneWhenAnyElementOfARealMessageThenTheSameBytesAsWritingACopy(String sample) throws IOException {
        Document doc = Canonical.dom(resource(sample));
        NodeList elements = doc.getElementsByTagNameNS("*", "*");

        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            assertThat(new String(XmlWriter.standalone(element), StandardCharsets.UTF_8)).as(element.getNodeName())
                    .isEqualTo(new String(XmlWriter.toBytes(XmlWriter.standaloneDocument(element)),
                            StandardCharsets.UTF_8));
        }
        assertThat(elements.getLength()).isGreaterThan(5);
    }

    @Test
    void standaloneWhenPrefixesRedeclaredAndDefaultUndeclaredThenNearestDeclarationsInNameOrder() {
        String xml = "<e:Envelope xmlns:e='urn:e' xmlns='urn:default' xmlns:p='urn:far' xmlns:z='urn:z'>"
                + "<e:Body xmlns:p='urn:near' xmlns:a='urn:a'><p:Response zz='1' ID='_r' a:x='2' xmlns:q='urn:q'>"
                + "<in xmlns=''><p:Child q:a='1'>z:qname</p:Child></in></p:Response></e:Body></e:Envelope>";
        Document doc = Canonical.dom(xml.getBytes(StandardCharsets.UTF_8));
        Element response = (Element) doc.getElementsByTagNameNS("urn:near", "Response").item(0);

        String written = new String(XmlWriter.standalone(response), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(new String(XmlWriter.toBytes(XmlWriter.standaloneDocument(response)),
                StandardCharsets.UTF_8)).startsWith("<p:Response ID=\"_r\" a:x=\"2\" xmlns=\"urn:default\""
                + " xmlns:a=\"urn:a\" xmlns:e=\"urn:e\" xmlns:p=\"urn:near\" xmlns:q=\"urn:q\" xmlns:z=\"urn:z\""
                + " zz=\"1\">").doesNotContain("urn:far");
        assertThat(Canonical.of(written.getBytes(StandardCharsets.UTF_8))).isEqualTo(Canonical.of(response));
    }

    /** Moving the element out of its envelope gives the same document, byte for byte, as copying it out. */
    @Test
    void detachAsDocumentWhenElementDeepInsideThenTheSameDocumentAsTheStandaloneCopy() {
        String xml = "<e:Envelope xmlns:e='urn:e' xmlns='urn:default' xmlns:p='urn:far' xmlns:q='urn:q'>"
                + "<e:Header><h xmlns:p='urn:header'>p:decoy</h></e:Header>"
                + "<e:Body xmlns:p='urn:near'><p:Response xmlns:r='urn:r' ID='_r'><p:Child q:a='1'>text</p:Child>"
                + "<plain/></p:Response></e:Body></e:Envelope>";
        Document doc = Canonical.dom(xml.getBytes(StandardCharsets.UTF_8));
        Element response = (Element) doc.getElementsByTagNameNS("urn:near", "Response").item(0);
        byte[] copied = XmlWriter.toBytes(XmlWriter.standaloneDocument(response));

        Document detached = XmlWriter.detachAsDocument(response);

        assertThat(detached).isSameAs(doc);
        assertThat(detached.getDocumentElement()).isSameAs(response);
        assertThat(detached.getChildNodes().getLength()).isEqualTo(1);
        assertThat(detached.getElementsByTagNameNS("*", "*").getLength()).as("elements left in the document")
                .isEqualTo(3);
        assertThat(new String(XmlWriter.toBytes(detached), StandardCharsets.UTF_8))
                .isEqualTo(new String(copied, StandardCharsets.UTF_8))
                .contains("xmlns:p=\"urn:near\"", "xmlns=\"urn:default\"", "xmlns:q=\"urn:q\"")
                .doesNotContain("decoy", "urn:far", "urn:header");
    }

    @Test
    void detachAsDocumentWhenElementIsTheRootThenTheDocumentUnchanged() {
        Document doc = Canonical.dom("<r xmlns='urn:r'><c/></r>".getBytes(StandardCharsets.UTF_8));
        byte[] before = XmlWriter.toBytes(doc);

        assertThat(XmlWriter.detachAsDocument(doc.getDocumentElement())).isSameAs(doc);
        assertThat(XmlWriter.toBytes(doc)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a & b < c > d", "quote \" and ' apostrophe", "tab\tnew\nline\rreturn",
        "]]> end of CDATA", "surrogate \uD83D\uDE00 pair", "é ü ß 中文", ""})
    void toBytesWhenAwkwardTextAndAttributeValuesThenTheyReadBackExactly(String value) {
        Document doc = valueAsAttributeAndText(value);

        Element back = Canonical.dom(XmlWriter.toBytes(doc)).getDocumentElement();

        assertThat(back.getAttributeNS(null, "value")).isEqualTo(value);
        assertThat(back.getTextContent()).isEqualTo(value);
        assertThat(PlainDomWriter.write(doc, new StringBuilder())).isTrue();
    }

    @Test
    void toBytesWhenCommentCdataOrProcessingInstructionThenTheJdkSerialiserWritesIt() {
        Document doc = XmlWriter.newDocument();
        Element root = doc.createElementNS(null, "root");
        doc.appendChild(root);
        root.appendChild(doc.createComment("note"));
        root.appendChild(doc.createCDATASection("<raw>"));
        root.appendChild(doc.createProcessingInstruction("pi", "data"));

        assertThat(PlainDomWriter.write(doc, new StringBuilder())).isFalse();
        assertThat(new String(XmlWriter.toBytes(doc), StandardCharsets.UTF_8))
                .isEqualTo(XmlWriter.serialize(doc)).contains("<!--note-->", "<![CDATA[<raw>]]>", "<?pi data?>");
    }

    @Test
    void toBytesWhenPrefixNotDeclaredInTheTreeThenTheJdkSerialiserDeclaresIt() {
        Document doc = XmlWriter.newDocument();
        Element root = doc.createElementNS(NS, "p:root");
        doc.appendChild(root);
        root.setAttributeNS(NS, "p:attr", "v");

        assertThat(PlainDomWriter.write(doc, new StringBuilder())).isFalse();
        Element back = Canonical.dom(XmlWriter.toBytes(doc)).getDocumentElement();
        assertThat(back.getNamespaceURI()).isEqualTo(NS);
        assertThat(back.getAttributeNS(NS, "attr")).isEqualTo("v");
    }

    @Test
    void toBytesWhenElementIsNotTheRootThenPrefixesDeclaredAboveItAreNotAssumed() {
        Document doc = XmlWriter.newDocument();
        Element root = doc.createElementNS(NS, "p:root");
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:p", NS);
        doc.appendChild(root);
        Element child = doc.createElementNS(NS, "p:child");
        root.appendChild(child);

        assertThat(PlainDomWriter.write(child, new StringBuilder())).isFalse();
        assertThat(Canonical.dom(XmlWriter.toBytes(child)).getDocumentElement().getNamespaceURI()).isEqualTo(NS);
    }

    @Test
    void toBytesWhenUnprefixedElementInsideADefaultNamespaceHasNoneThenNotWrittenDirectly() {
        Document doc = XmlWriter.newDocument();
        Element root = doc.createElementNS(NS, "root");
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NS);
        doc.appendChild(root);
        root.appendChild(doc.createElementNS(null, "plain"));

        assertThat(PlainDomWriter.write(doc, new StringBuilder())).isFalse();
        Element plain = (Element) Canonical.dom(XmlWriter.toBytes(doc)).getDocumentElement().getFirstChild();
        assertThat(plain.getNamespaceURI()).isNull();
    }

    @Test
    void toBytesWhenCharacterXmlCannotRepresentThenNotWrittenDirectly() {
        Document doc = XmlWriter.newDocument();
        Element root = doc.createElementNS(null, "root");
        doc.appendChild(root);
        root.appendChild(doc.createTextNode("bell \u0007"));

        assertThat(PlainDomWriter.write(doc, new StringBuilder())).isFalse();
    }

    /**
     * Random text over every class of character the escaping treats apart (markup, quotes, whitespace, controls,
     * surrogates whole and lone, U+FFFE/U+FFFF, runs of plain text): the direct writer either refuses it, exactly
     * when it holds a character XML 1.0 cannot carry, or writes it so it reads back exactly, in content and in an
     * attribute value.
     */
    @Test
    void toBytesWhenRandomTextThenReadBackExactlyOrRefusedForAForbiddenCharacter() {
        char[] alphabet = {'a', 'Z', '0', '=', '/', '+', ' ', '&', '<', '>', '"', '\'', '\t', '\n', '\r', '\u0001',
            '\u001f', '\u007f', '\u00e9', '\ud7ff', '\ud83d', '\ude00', '\ue000', '\ufffd', '\ufffe', '\uffff', ']'};
        java.util.Random random = new java.util.Random(13);
        for (int n = 0; n < 3_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                char c = alphabet[random.nextInt(alphabet.length)];
                text.append(c);
                if (c == 'a' && random.nextBoolean()) {
                    text.append("bcdefghijklmnopqrstuvwxyz".repeat(random.nextInt(4)));
                } else if (c == '\ud83d' && random.nextInt(3) > 0) {
                    text.append('\ude00');
                }
            }
            String value = text.toString();
            Document doc = valueAsAttributeAndText(value);
            StringBuilder out = new StringBuilder();

            boolean written = PlainDomWriter.write(doc, out);

            assertThat(written).as("written: %s", value.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(representable(value));
            if (written) {
                Element back = Canonical.dom(out.toString().getBytes(StandardCharsets.UTF_8)).getDocumentElement();
                assertThat(back.getAttributeNS(null, "value")).isEqualTo(value);
                assertThat(back.getTextContent()).isEqualTo(value);
            }
        }
    }

    /** {@code <p:root value="VALUE">VALUE</p:root>}, its prefix declared. */
    private static Document valueAsAttributeAndText(String value) {
        Document doc = XmlWriter.newDocument();
        Element root = doc.createElementNS(NS, "p:root");
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:p", NS);
        root.setAttributeNS(null, "value", value);
        root.appendChild(doc.createTextNode(value));
        doc.appendChild(root);
        return doc;
    }

    /** XML 1.0's Char production, by code point. */
    private static boolean representable(String value) {
        return value.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF);
    }

    private static Element firstChild(Element parent, String local) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && local.equals(n.getLocalName())) {
                return (Element) n;
            }
        }
        throw new IllegalStateException("no " + local);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = XmlWriterTest.class.getResourceAsStream("/dev/samlec/mech/message/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
