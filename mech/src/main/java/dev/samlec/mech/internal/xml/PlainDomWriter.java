package dev.samlec.mech.internal.xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A direct serialiser for the plain trees samlec writes and forwards: elements, attributes and text only, every
 * prefix declared by an {@code xmlns} attribute within the written tree, every character allowed in XML 1.0. It
 * writes the same infoset as the JDK's {@code LSSerializer} without its per-call set-up, and refuses
 * ({@link #write} returns false, the caller then uses {@code LSSerializer}) anything else: comments, processing
 * instructions, CDATA sections, entity references, a document type, a name whose namespace would need a
 * declaration the tree does not carry, or a character XML cannot represent.
 */
final class PlainDomWriter {
    private final StringBuilder out;
    /** In-scope declarations as prefix, URI pairs; the default namespace has prefix "". */
    private final List<String[]> scope = new ArrayList<>();

    private PlainDomWriter(StringBuilder out) {
        this.out = out;
    }

    /** Appends {@code node} (a document or an element) to {@code out}; false (out then undefined) if it cannot. */
    static boolean write(Node node, StringBuilder out) {
        PlainDomWriter writer = new PlainDomWriter(out);
        if (node instanceof Document) {
            Element root = null;
            for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child.getNodeType() != Node.ELEMENT_NODE || root != null) {
                    return false;
                }
                root = (Element) child;
            }
            return root != null && writer.element(root, List.of());
        }
        return node instanceof Element && writer.element((Element) node, List.of());
    }

    /**
     * Appends {@code element} as the root of a document of its own, without copying it: its start tag also declares
     * each namespace in scope at its place that it does not declare itself (the nearest declaration of a prefix),
     * and its attributes come in the order of their names, as the JDK's DOM keeps an element's attributes, so the
     * text is the same as writing a copy made by {@link XmlWriter#standaloneDocument}. False (out then undefined) if
     * it cannot be written directly.
     */
    static boolean writeStandalone(Element element, StringBuilder out) {
        return new PlainDomWriter(out).element(element, inheritedDeclarations(element));
    }

    /** The declarations in scope at {@code element} from its ancestors, as name, value pairs, nearest first. */
    private static List<String[]> inheritedDeclarations(Element element) {
        List<String[]> inherited = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Node n = element.getParentNode(); n != null && n.getNodeType() == Node.ELEMENT_NODE;
                n = n.getParentNode()) {
            NamedNodeMap attributes = n.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) && !seen.contains(a.getLocalName())
                        && !element.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getLocalName())) {
                    seen.add(a.getLocalName());
                    inherited.add(new String[] {a.getName(), a.getValue()});
                }
            }
        }
        return inherited;
    }

    /** Writes {@code element}; {@code inherited}: declarations to add to its start tag (a standalone root). */
    private boolean element(Element element, List<String[]> inherited) {
        if (element.getLocalName() == null) {
            return false; // a DOM level 1 node: no namespace information to check
        }
        int frame = scope.size();
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                String prefix = "xmlns".equals(a.getPrefix()) ? a.getLocalName() : "";
                scope.add(new String[] {prefix, a.getValue()});
            }
        }
        for (String[] declaration : inherited) {
            String name = declaration[0];
            scope.add(new String[] {name.startsWith("xmlns:") ? name.substring(6) : "", declaration[1]});
        }
        if (!declared(element.getPrefix(), element.getNamespaceURI(), true)) {
            return false;
        }
        String name = element.getNodeName();
        out.append('<').append(name);
        if (!(inherited.isEmpty() ? attributes(attributes) : attributesWith(attributes, inherited))) {
            return false;
        }
        Node child = element.getFirstChild();
        if (child == null) {
            out.append("/>");
        } else {
            out.append('>');
            for (; child != null; child = child.getNextSibling()) {
                short type = child.getNodeType();
                if (type == Node.ELEMENT_NODE) {
                    if (!element((Element) child, List.of())) {
                        return false;
                    }
                } else if (type == Node.TEXT_NODE) {
                    if (!escape(child.getNodeValue(), false)) {
                        return false;
                    }
                } else {
                    return false;
                }
            }
            out.append("</").append(name).append('>');
        }
        scope.subList(frame, scope.size()).clear();
        return true;
    }

    /** Writes the attributes in their map's order. */
    private boolean attributes(NamedNodeMap attributes) {
        for (int i = 0; i < attributes.getLength(); i++) {
            if (!attribute((Attr) attributes.item(i))) {
                return false;
            }
        }
        return true;
    }

    /** Writes the attributes and the inherited declarations together, ordered by name. */
    private boolean attributesWith(NamedNodeMap attributes, List<String[]> inherited) {
        List<Object> all = new ArrayList<>(attributes.getLength() + inherited.size());
        for (int i = 0; i < attributes.getLength(); i++) {
            all.add(attributes.item(i));
        }
        all.addAll(inherited);
        all.sort(Comparator.comparing(PlainDomWriter::nameOf));
        for (Object item : all) {
            if (item instanceof Attr a) {
                if (!attribute(a)) {
                    return false;
                }
            } else {
                String[] declaration = (String[]) item;
                out.append(' ').append(declaration[0]).append("=\"");
                if (!escape(declaration[1], true)) {
                    return false;
                }
                out.append('"');
            }
        }
        return true;
    }

    private static String nameOf(Object item) {
        return item instanceof Attr a ? a.getNodeName() : ((String[]) item)[0];
    }

    private boolean attribute(Attr a) {
        boolean declaration = XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI());
        if (a.getLocalName() == null || !declaration && !declared(a.getPrefix(), a.getNamespaceURI(), false)) {
            return false;
        }
        out.append(' ').append(a.getNodeName()).append("=\"");
        if (!escape(a.getValue(), true)) {
            return false;
        }
        out.append('"');
        return true;
    }

    /**
     * Whether a name with {@code prefix} in {@code namespace} reads back the same: its prefix declared in scope for
     * that namespace (an unprefixed element: the in-scope default namespace is its own; an unprefixed attribute: no
     * namespace); the {@code xml} prefix is predeclared.
     */
    private boolean declared(String prefix, String namespace, boolean element) {
        if (prefix == null || prefix.isEmpty()) {
            if (!element) {
                return namespace == null;
            }
            String bound = lookup("");
            return namespace == null ? bound == null || bound.isEmpty() : namespace.equals(bound);
        }
        if (XMLConstants.XML_NS_PREFIX.equals(prefix)) {
            return XMLConstants.XML_NS_URI.equals(namespace);
        }
        return namespace != null && namespace.equals(lookup(prefix));
    }

    private String lookup(String prefix) {
        for (int i = scope.size() - 1; i >= 0; i--) {
            if (scope.get(i)[0].equals(prefix)) {
                return scope.get(i)[1];
            }
        }
        return null;
    }

    /**
     * Appends {@code text} escaped for content or an attribute value; false for a character XML 1.0 forbids. Runs of
     * characters written as they are (base64 signature values and certificates are most of a message) are appended
     * in one call.
     */
    private boolean escape(String text, boolean attribute) {
        int length = text.length();
        int run = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (asIs(c, attribute)) {
                continue;
            }
            out.append(text, run, i);
            run = i + 1;
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '\r':
                    out.append("&#13;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\n':
                    out.append("&#10;");
                    break;
                case '\t':
                    out.append("&#9;");
                    break;
                default:
                    if (!Character.isHighSurrogate(c) || i + 1 >= length
                            || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false; // a control character, U+FFFE, U+FFFF or a lone surrogate
                    }
                    out.append(c).append(text.charAt(++i));
                    run = i + 1;
            }
        }
        out.append(text, run, length);
        return true;
    }

    /** Whether {@code c} is written as it is: allowed in XML 1.0, not markup, not a surrogate. */
    private static boolean asIs(char c, boolean attribute) {
        if (c >= 0x20 && c < 0xD800) {
            return c != '&' && c != '<' && c != '>' && (c != '"' || !attribute);
        }
        if (c >= 0xE000) {
            return c < 0xFFFE;
        }
        return !attribute && (c == '\n' || c == '\t');
    }
}
