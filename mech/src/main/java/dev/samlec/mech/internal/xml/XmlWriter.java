package dev.samlec.mech.internal.xml;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSOutput;
import org.w3c.dom.ls.LSSerializer;

/**
 * Serialises DOM nodes to UTF-8 exactly as they are: no pretty-printing, no re-indentation, so signed content
 * keeps its canonical form.
 *
 * <p>Plain trees of elements, attributes and text (every message samlec writes or forwards) are written directly
 * ({@link PlainDomWriter}); anything else goes through the JDK's {@code LSSerializer}, into a character buffer
 * that is encoded to UTF-8 once at the end (an {@code LSOutput} byte stream would run the JDK's per-character
 * encoder). New documents come from one
 * {@link DOMImplementation} looked up once ({@link #newDocument()}), not from a
 * {@code DocumentBuilderFactory.newInstance()} (a service-loader scan) per call.
 */
public final class XmlWriter {
    private static final DOMImplementation DOM = domImplementation();

    private XmlWriter() {
    }

    /** The node (a document or an element) as UTF-8 bytes, without an XML declaration. */
    public static byte[] toBytes(Node node) {
        return toText(node).getBytes(StandardCharsets.UTF_8);
    }

    private static String toText(Node node) {
        StringBuilder plain = new StringBuilder(2048);
        if (PlainDomWriter.write(node, plain)) {
            return plain.toString();
        }
        return serialize(node);
    }

    /**
     * The bytes of {@code node} (a document or an element) when it is a plain tree that {@link PlainDomWriter}
     * writes directly, so that parsing them gives back exactly this tree's infoset; empty otherwise.
     */
    public static Optional<byte[]> plainBytes(Node node) {
        StringBuilder plain = new StringBuilder(2048);
        return PlainDomWriter.write(node, plain) ? Optional.of(plain.toString().getBytes(StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /** The JDK's serialiser, for what {@link PlainDomWriter} does not write (comments, PIs, CDATA...). */
    static String serialize(Node node) {
        Document owner = node instanceof Document ? (Document) node : node.getOwnerDocument();
        DOMImplementationLS ls = (DOMImplementationLS) owner.getImplementation().getFeature("LS", "3.0");
        LSSerializer serializer = ls.createLSSerializer();
        serializer.getDomConfig().setParameter("xml-declaration", false);
        serializer.getDomConfig().setParameter("format-pretty-print", false);
        StringWriter out = new StringWriter(2048);
        LSOutput output = ls.createLSOutput();
        output.setEncoding(StandardCharsets.UTF_8.name());
        output.setCharacterStream(out);
        serializer.write(node, output);
        return out.toString();
    }

    /**
     * A new, empty, namespace-aware document of the JDK's DOM (thread-safe: the implementation is shared, each
     * document is the caller's own).
     */
    public static Document newDocument() {
        return DOM.createDocument(null, null, null);
    }

    /**
     * The element as a self-contained document: every namespace in scope at its original place is declared on it,
     * including prefixes used only inside attribute values or text (xsi:type, QName content), so the bytes parse
     * back to the same infoset and signatures over the element still verify.
     */
    public static byte[] standalone(Element element) {
        StringBuilder plain = new StringBuilder(4096);
        if (PlainDomWriter.writeStandalone(element, plain)) {
            return plain.toString().getBytes(StandardCharsets.UTF_8); // no copy of the element needed
        }
        return toBytes(standaloneDocument(element));
    }

    /**
     * A deep copy of the element as the root of a new document of its own, with every namespace in scope at its
     * original place declared on the copy (as {@link #standalone} writes it): the same infoset as parsing the
     * standalone bytes, without serialising and parsing. Nothing outside the element is copied.
     */
    public static Document standaloneDocument(Element element) {
        Document doc = newDocument();
        Element copy = (Element) doc.importNode(element, true);
        doc.appendChild(copy);
        declareInScopeNamespaces(element, copy);
        return doc;
    }

    /**
     * The element made the root of its own document, moved rather than copied: every namespace in scope at its
     * place is declared on it, then the document's root (the envelope around it) is replaced by it. The same
     * infoset as {@link #standaloneDocument}; the rest of the old tree is discarded.
     */
    public static Document detachAsDocument(Element element) {
        Document doc = element.getOwnerDocument();
        Element root = doc.getDocumentElement();
        if (root == element) {
            return doc;
        }
        declareInScopeNamespaces(element, element);
        element.getParentNode().removeChild(element);
        doc.replaceChild(element, root);
        return doc;
    }

    /** Declares on {@code target} each namespace in scope at {@code element} that it does not declare itself. */
    private static void declareInScopeNamespaces(Element element, Element target) {
        for (Node n = element; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            NamedNodeMap attributes = n.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                    continue;
                }
                // The nearest declaration of a prefix wins, as it does in scope.
                if (!target.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getLocalName())) {
                    target.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getName(), a.getValue());
                }
            }
        }
    }

    /** The node as a string (for logs of small, non-secret elements and for tests). */
    public static String toString(Node node) {
        return toText(node);
    }

    private static DOMImplementation domImplementation() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().getDOMImplementation();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no DOM implementation", e);
        }
    }
}
