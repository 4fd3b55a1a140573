package dev.samlec.mech.internal.xml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
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
 */
public final class XmlWriter {
    private XmlWriter() {
    }

    /** The node (a document or an element) as UTF-8 bytes, without an XML declaration. */
    public static byte[] toBytes(Node node) {
        Document owner = node instanceof Document ? (Document) node : node.getOwnerDocument();
        DOMImplementationLS ls = (DOMImplementationLS) owner.getImplementation().getFeature("LS", "3.0");
        LSSerializer serializer = ls.createLSSerializer();
        serializer.getDomConfig().setParameter("xml-declaration", false);
        serializer.getDomConfig().setParameter("format-pretty-print", false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LSOutput output = ls.createLSOutput();
        output.setEncoding(StandardCharsets.UTF_8.name());
        output.setByteStream(out);
        serializer.write(node, output);
        return out.toByteArray();
    }

    /**
     * The element as a self-contained document: every namespace in scope at its original place is declared on it,
     * including prefixes used only inside attribute values or text (xsi:type, QName content), so the bytes parse
     * back to the same infoset and signatures over the element still verify.
     */
    public static byte[] standalone(Element element) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().newDocument();
            Element copy = (Element) doc.importNode(element, true);
            doc.appendChild(copy);
            for (Node n = element; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
                NamedNodeMap attributes = n.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr a = (Attr) attributes.item(i);
                    if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                        continue;
                    }
                    // The nearest declaration of a prefix wins, as it does in scope.
                    if (!copy.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getLocalName())) {
                        copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getName(), a.getValue());
                    }
                }
            }
            return toBytes(doc);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no DOM implementation", e);
        }
    }

    /** The node as a string (for logs of small, non-secret elements and for tests). */
    public static String toString(Node node) {
        return new String(toBytes(node), StandardCharsets.UTF_8);
    }
}
