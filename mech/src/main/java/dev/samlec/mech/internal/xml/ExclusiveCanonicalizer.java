package dev.samlec.mech.internal.xml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Exclusive XML Canonicalization 1.0 (W3C, 2002) of one element subtree, without comments, written as UTF-8 into a
 * {@link ByteSink}: the octets an XML Signature Reference with the transforms enveloped-signature then exc-c14n
 * digests, or a SignedInfo's canonical form.
 *
 * <p>Only the trees samlec parses are rendered: elements, attributes and text. A comment, processing instruction,
 * CDATA section, entity reference, an unpaired surrogate or a relative namespace URI makes {@link #canonicalize} return false (the output is
 * then undefined) so the caller can hand the whole check to Santuario. Namespaces are rendered from the DOM's own
 * bindings (the element's and each prefixed attribute's {@code getNamespaceURI()}, which is what every later check
 * reads), plus the InclusiveNamespaces prefixes as inclusive c14n renders them (looked up in scope at each element).
 * The result equals Santuario's {@code Canonicalizer20010315Excl} on parsed documents
 * ({@code ExclusiveCanonicalizerTest}, {@code ExclusiveCanonicalizerFuzzTest}).
 */
public final class ExclusiveCanonicalizer {
    private static final String XML_PREFIX = "xml";

    private final ByteSink out;
    private final Element excluded;
    private final Collection<String> inclusivePrefixes;
    /** Rendered declarations of the output ancestors, as prefix, URI pairs, innermost last ("" is the default). */
    private final List<String> rendered = new ArrayList<>();

    private final Element apex;

    private ExclusiveCanonicalizer(ByteSink out, Element apex, Element excluded,
            Collection<String> inclusivePrefixes) {
        this.out = out;
        this.apex = apex;
        this.excluded = excluded;
        this.inclusivePrefixes = inclusivePrefixes;
    }

    /**
     * Writes the canonical form of {@code apex} and its descendants, leaving out {@code excluded} (the enveloped
     * signature, or {@code null}) with its subtree.
     *
     * @param inclusivePrefixes the InclusiveNamespaces PrefixList, "" for {@code #default}
     * @return false if the subtree holds a node this class does not render
     */
    public static boolean canonicalize(Element apex, Element excluded, Collection<String> inclusivePrefixes,
            ByteSink out) {
        return new ExclusiveCanonicalizer(out, apex, excluded, inclusivePrefixes).subtree(apex);
    }

    /** Iterative walk: the depth of a tree is bounded by the parser's limit, the stack of a thread is not. */
    private boolean subtree(Element apex) {
        List<Integer> frames = new ArrayList<>();
        Node node = apex;
        while (true) {
            boolean descend = false;
            switch (node.getNodeType()) {
                case Node.ELEMENT_NODE:
                    if (node != excluded) {
                        frames.add(rendered.size());
                        if (!startTag((Element) node)) {
                            return false;
                        }
                        descend = true;
                    }
                    break;
                case Node.TEXT_NODE:
                    if (!text(node.getNodeValue())) {
                        return false;
                    }
                    break;
                default:
                    return false;
            }
            Node first = descend ? node.getFirstChild() : null;
            if (first != null) {
                node = first;
                continue;
            }
            if (descend) {
                endTag((Element) node, frames);
            }
            while (node != apex && node.getNextSibling() == null) {
                node = node.getParentNode();
                endTag((Element) node, frames);
            }
            if (node == apex) {
                return true;
            }
            node = node.getNextSibling();
        }
    }

    private void endTag(Element element, List<Integer> frames) {
        out.ascii("</");
        out.text(element.getNodeName());
        out.ascii(">");
        int frame = frames.remove(frames.size() - 1);
        rendered.subList(frame, rendered.size()).clear();
    }

    private boolean startTag(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        List<String> declarations = new ArrayList<>(4);
        List<Attr> plain = new ArrayList<>(attributes.getLength());
        if (!utilize(declarations, element.getPrefix(), element.getNamespaceURI())) {
            return false;
        }
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                if (relative(attribute.getValue())) {
                    return false;
                }
                continue;
            }
            plain.add(attribute);
            String prefix = attribute.getPrefix();
            if (prefix != null && !prefix.isEmpty() && !XML_PREFIX.equals(prefix)
                    && !utilize(declarations, prefix, attribute.getNamespaceURI())) {
                return false;
            }
        }
        for (String prefix : inclusivePrefixes) {
            if (XML_PREFIX.equals(prefix) || "xmlns".equals(prefix)) {
                continue;
            }
            // Below the apex a prefix's binding only changes where it is declared; elsewhere the parent rendered it.
            String uri;
            if (element == apex) {
                uri = element.lookupNamespaceURI(prefix.isEmpty() ? null : prefix);
            } else {
                Attr declaration = prefix.isEmpty()
                        ? element.getAttributeNodeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns")
                        : element.getAttributeNodeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, prefix);
                if (declaration == null) {
                    continue;
                }
                uri = declaration.getValue().isEmpty() ? null : declaration.getValue();
            }
            if ((uri != null || prefix.isEmpty()) && !utilize(declarations, prefix, uri)) {
                return false;
            }
        }
        out.ascii("<");
        out.text(element.getNodeName());
        String[][] namespaces = new String[declarations.size() / 2][];
        for (int i = 0; i < namespaces.length; i++) {
            namespaces[i] = new String[] {declarations.get(2 * i), declarations.get(2 * i + 1)};
        }
        if (namespaces.length > 1) {
            Arrays.sort(namespaces, (a, b) -> compareCodePoints(a[0], b[0]));
        }
        for (String[] namespace : namespaces) {
            if (relative(namespace[1])) {
                return false;
            }
            rendered.add(namespace[0]);
            rendered.add(namespace[1]);
            out.ascii(namespace[0].isEmpty() ? " xmlns" : " xmlns:");
            out.text(namespace[0]);
            out.ascii("=\"");
            if (!attributeValue(namespace[1])) {
                return false;
            }
            out.ascii("\"");
        }
        if (plain.size() > 1) {
            plain.sort(ExclusiveCanonicalizer::compareAttributes);
        }
        for (Attr attribute : plain) {
            out.ascii(" ");
            out.text(attribute.getNodeName());
            out.ascii("=\"");
            if (!attributeValue(attribute.getValue())) {
                return false;
            }
            out.ascii("\"");
        }
        out.ascii(">");
        return true;
    }

    /**
     * Adds {@code prefix} = {@code uri} to the declarations this element renders unless the nearest output ancestor
     * rendered the same binding; false on a prefix bound twice differently on one element (not a parsed tree).
     */
    private boolean utilize(List<String> declarations, String prefix, String uri) {
        String p = prefix == null ? "" : prefix;
        String value = uri == null ? "" : uri;
        for (int i = 0; i < declarations.size(); i += 2) {
            if (declarations.get(i).equals(p)) {
                return declarations.get(i + 1).equals(value);
            }
        }
        if (value.equals(inScopeRendering(p))) {
            return true;
        }
        declarations.add(p);
        declarations.add(value);
        return true;
    }

    /** The URI the nearest output ancestor rendered for {@code prefix}: "" for an unrendered default namespace. */
    private String inScopeRendering(String prefix) {
        for (int i = rendered.size() - 2; i >= 0; i -= 2) {
            if (rendered.get(i).equals(prefix)) {
                return rendered.get(i + 1);
            }
        }
        return prefix.isEmpty() ? "" : null;
    }

    /** c14n 1.0 has no result for a relative namespace URI (Santuario refuses it): left to Santuario. */
    private static boolean relative(String uri) {
        return !uri.isEmpty() && uri.indexOf(':') <= 0;
    }

    /** Attributes in no namespace first, then by namespace URI, then by local name (c14n 1.0, 2.2). */
    private static int compareAttributes(Attr a, Attr b) {
        String na = a.getNamespaceURI() == null ? "" : a.getNamespaceURI();
        String nb = b.getNamespaceURI() == null ? "" : b.getNamespaceURI();
        int byNamespace = compareCodePoints(na, nb);
        return byNamespace != 0 ? byNamespace : compareCodePoints(localName(a), localName(b));
    }

    private static String localName(Attr a) {
        return a.getLocalName() == null ? a.getNodeName() : a.getLocalName();
    }

    /** Lexicographic order of Unicode code points (String.compareTo orders UTF-16 units, which differs above U+D7FF). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private boolean text(String value) {
        return out.escaped(value, false);
    }

    private boolean attributeValue(String value) {
        return out.escaped(value, true);
    }
}
