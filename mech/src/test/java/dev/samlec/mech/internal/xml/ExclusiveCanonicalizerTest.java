package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.xml.security.c14n.CanonicalizationException;
import org.apache.xml.security.c14n.implementations.Canonicalizer20010315ExclOmitComments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@link ExclusiveCanonicalizer} against Santuario's exclusive c14n (the reference every IdP's signature was made
 * with): the same octets for every element of real and generated documents as the apex, with an excluded
 * descendant and with InclusiveNamespaces prefix lists; and {@code false} for the nodes it leaves to Santuario.
 */
class ExclusiveCanonicalizerTest {
    private static final SecureXmlParser PARSER = SecureXmlParser.withDefaultLimit();

    @BeforeAll
    static void initialise() {
        OpenSaml.ensureInitialized();
    }

    @Test
    void canonicalizeWhenRealIdpResponseThenSameOctetsAsSantuarioForEveryElement() throws Exception {
        for (String resource : List.of("/dev/samlec/mech/service/kc-shib.idp-resp.xml",
                "/dev/samlec/mech/metadata/keycloak-idp-metadata.xml",
                "/dev/samlec/mech/metadata/shibboleth-sp-metadata.xml")) {
            Document document = parse(read(resource));
            for (Element apex : elements(document.getDocumentElement())) {
                assertSameAsSantuario(apex, null, "");
                assertSameAsSantuario(apex, firstChildElement(apex), "");
                assertSameAsSantuario(apex, null, "xs xsi #default saml");
            }
        }
    }

    @Test
    void canonicalizeWhenNamespacesRedeclaredAndUndeclaredThenSameOctetsAsSantuario() throws Exception {
        String xml = "<a:r xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns=\"urn:d\" xmlns:unused=\"urn:u\">"
                + "<x b:k=\"1\" k=\"2\" a:k=\"3\" xml:lang=\"en\"><y xmlns=\"\"><z xmlns=\"urn:d2\"/></y></x>"
                + "<a:s xmlns:a=\"urn:a2\"><a:t xmlns:a=\"urn:a\"/></a:s>"
                + "<b:u xmlns:b=\"urn:b\" xmlns:c=\"urn:c\">t&amp;&lt;&gt;\"'\r\t\n&#xD;é😀<![CDATA[<cdata&>]]></b:u>"
                + "<v attr=\"&amp;&lt;&gt;&quot;'&#x9;&#xA;&#xD;é😀\" xmlns:a=\"urn:a\" xml:space=\"preserve\"/>"
                + "</a:r>";
        Document document = parse(xml);
        for (Element apex : elements(document.getDocumentElement())) {
            for (String prefixes : List.of("", "#default", "a", "b c unused", "#default a b c unused xml")) {
                assertSameAsSantuario(apex, null, prefixes);
                assertSameAsSantuario(apex, firstChildElement(apex), prefixes);
            }
        }
    }

    @Test
    void canonicalizeWhenGeneratedDocumentsThenSameOctetsAsSantuario() throws Exception {
        Random random = new Random(20261202L);
        int compared = 0;
        for (int n = 0; n < 1500; n++) {
            StringBuilder xml = new StringBuilder();
            new Generator(random).element(xml, 0, true);
            Document document;
            try {
                document = parse(xml.toString());
            } catch (EcpException e) {
                continue; // two prefixes of one URI on one attribute name: not namespace-well-formed
            }
            compared++;
            List<Element> all = elements(document.getDocumentElement());
            for (Element apex : all) {
                List<Element> inside = elements(apex);
                Element excluded = inside.size() > 1 ? inside.get(1 + random.nextInt(inside.size() - 1)) : null;
                String prefixes = List.of("", "#default", "p", "q r", "#default p q r s").get(random.nextInt(5));
                assertSameAsSantuario(apex, excluded, prefixes);
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void canonicalizeWhenCommentProcessingInstructionOrCdataThenFalseForSantuario() throws Exception {
        Document document = parse("<r xmlns=\"urn:r\"><a>x</a></r>");
        Element root = document.getDocumentElement();
        Element a = (Element) root.getFirstChild();
        for (Node odd : List.of(document.createComment("c"), document.createProcessingInstruction("pi", "d"),
                document.createCDATASection("x"))) {
            a.appendChild(odd);
            assertThat(ExclusiveCanonicalizer.canonicalize(root, null, List.of(), sink()))
                    .as(odd.getNodeName()).isFalse();
            a.removeChild(odd);
        }
        assertThat(ExclusiveCanonicalizer.canonicalize(root, null, List.of(), sink())).isTrue();
        a.appendChild(document.createTextNode("\uD800"));
        assertThat(ExclusiveCanonicalizer.canonicalize(root, null, List.of(), sink())).isFalse();
    }

    @Test
    void compareCodePointsWhenSupplementaryCharactersThenCodePointOrder() {
        // U+FF01 sorts before U+1F600 by code point, after it by UTF-16 unit (0xFF01 > 0xD83D).
        assertThat(ExclusiveCanonicalizer.compareCodePoints("\uFF01", "\uD83D\uDE00")).isNegative();
        assertThat(ExclusiveCanonicalizer.compareCodePoints("ab", "a")).isPositive();
        assertThat(ExclusiveCanonicalizer.compareCodePoints("a", "a")).isZero();
    }

    /** Random well-formed trees over few prefixes and URIs, so redeclarations and collisions are frequent. */
    private static final class Generator {
        private static final String[] PREFIXES = {"p", "q", "r", "s"};
        private static final String[] URIS = {"urn:1", "urn:2", "urn:3", "http://www.w3.org/2001/XMLSchema"};
        private static final String[] TEXT = {"a", " ", "\n", "\t", "&amp;", "&lt;", "&gt;", "\"", "'", "&#xD;",
            "\r\n", "é", "€", "😀", "<![CDATA[x<&]]>", "&#x9;"};
        private final Random random;

        Generator(Random random) {
            this.random = random;
        }

        /** Writes an element whose own prefix is declared on it or unprefixed (default namespace set or unset). */
        void element(StringBuilder out, int depth, boolean root) {
            String prefix = random.nextInt(3) == 0 ? "" : PREFIXES[random.nextInt(PREFIXES.length)];
            String name = (prefix.isEmpty() ? "" : prefix + ":") + "e" + random.nextInt(3);
            out.append('<').append(name);
            List<String> declared = new ArrayList<>();
            if (!prefix.isEmpty()) {
                declare(out, prefix, declared);
            } else if (root || random.nextBoolean()) {
                out.append(random.nextInt(3) == 0 ? " xmlns=\"\"" : " xmlns=\"" + uri() + "\"");
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                String extra = PREFIXES[random.nextInt(PREFIXES.length)];
                if (!declared.contains(extra) && !extra.equals(prefix)) {
                    declare(out, extra, declared);
                }
            }
            List<String> attributes = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                String attribute = random.nextInt(4) == 0 ? "xml:lang"
                        : random.nextBoolean() && !declared.isEmpty()
                        ? declared.get(random.nextInt(declared.size())) + ":a" + random.nextInt(3)
                        : "a" + random.nextInt(3);
                if (!attributes.contains(attribute)) {
                    attributes.add(attribute);
                    out.append(' ').append(attribute).append("=\"").append(attributeText()).append('"');
                }
            }
            out.append('>');
            for (int i = depth < 4 ? random.nextInt(4) : 0; i > 0; i--) {
                if (random.nextBoolean()) {
                    out.append(TEXT[random.nextInt(TEXT.length)]);
                } else {
                    element(out, depth + 1, false);
                }
            }
            out.append("</").append(name).append('>');
        }

        private void declare(StringBuilder out, String prefix, List<String> declared) {
            declared.add(prefix);
            out.append(" xmlns:").append(prefix).append("=\"").append(uri()).append('"');
        }

        private String uri() {
            return URIS[random.nextInt(URIS.length)];
        }

        private String attributeText() {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                String piece = TEXT[random.nextInt(TEXT.length)];
                value.append(piece.startsWith("<![") ? "x" : piece.equals("\"") ? "&quot;" : piece);
            }
            return value.toString();
        }
    }

    private static void assertSameAsSantuario(Element apex, Element excluded, String prefixes)
            throws CanonicalizationException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new Canonicalizer20010315ExclOmitComments().engineCanonicalizeSubTree(apex, prefixes, excluded, expected);
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        ByteSink sink = ByteSink.into(actual);
        List<String> list = new ArrayList<>();
        for (String token : prefixes.split(" ")) {
            if (!token.isEmpty()) {
                list.add("#default".equals(token) ? "" : token);
            }
        }
        assertThat(ExclusiveCanonicalizer.canonicalize(apex, excluded, list, sink)).isTrue();
        sink.flush();
        assertThat(actual.toString(StandardCharsets.UTF_8))
                .as("apex %s, excluded %s, prefixes '%s'", apex.getNodeName(),
                        excluded == null ? "-" : excluded.getNodeName(), prefixes)
                .isEqualTo(expected.toString(StandardCharsets.UTF_8));
    }

    private static ByteSink sink() {
        return ByteSink.into(new ByteArrayOutputStream());
    }

    private static Document parse(String xml) throws EcpException {
        return PARSER.parse(xml.getBytes(StandardCharsets.UTF_8), "test XML");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ExclusiveCanonicalizerTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code root} and every element below it, in document order. */
    private static List<Element> elements(Element root) {
        List<Element> result = new ArrayList<>();
        result.add(root);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                result.addAll(elements((Element) n));
            }
        }
        return result;
    }

    private static Element firstChildElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                return (Element) n;
            }
        }
        return null;
    }
}
