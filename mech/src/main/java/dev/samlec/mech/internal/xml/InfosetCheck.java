package dev.samlec.mech.internal.xml;

import dev.samlec.mech.EcpError;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * One iterative walk over a freshly parsed document, before anything recursive (DOM import, OpenSAML unmarshalling,
 * canonicalisation, decryption's adoption of plaintext) touches it:
 * <ul>
 *   <li>the document is XML 1.0 (XML 1.1's line-end and control-character rules have no canonical form in c14n 1.0);</li>
 *   <li>elements nest at most {@code maxDepth} deep (the document element is depth 1), so no later recursion can
 *       exhaust a thread's stack;</li>
 *   <li>its shape costs later stages no work growing with its size squared ({@link ShapeBudget}: namespaces in
 *       scope, children per element, namespace-qualified attributes), and no attribute value or text holds a run
 *       of more than {@value #MAX_DIGIT_RUN} decimal digits (the JDK reads an xs:dateTime's year or fraction as a
 *       big number, in time squared in its digits: 200,000 of them cost 0.8 s);</li>
 *   <li>every element and attribute name is namespace-well-formed: Xerces accepts {@code :x} (and an element named
 *       {@code xmlns}) in namespace-aware mode and only DOM operations later refuse it;</li>
 *   <li>processing instructions outside the document element are dropped; inside it they are refused, because
 *       exclusive canonicalisation includes them while {@code getTextContent()} does not, so a signature and the
 *       value read would see different text.</li>
 * </ul>
 */
public final class InfosetCheck {
    /** The most namespace declarations in scope at one element, its own included. */
    public static final int MAX_NAMESPACES_IN_SCOPE = ShapeBudget.MAX_NAMESPACES_IN_SCOPE;
    /** The longest run of decimal digits accepted in an attribute value or a text node. */
    public static final int MAX_DIGIT_RUN = 256;
    private static final Names IGNORED = name -> { };

    private InfosetCheck() {
    }

    /**
     * Told every name the walk meets that a Xerces builder keeps in its symbol table: each element's and attribute's
     * qualified name (Xerces also keeps its prefix and local part), each namespace URI declared, and each processing
     * instruction's target, also those of the prolog the check drops. {@link CheckedParserPool} counts them.
     */
    public interface Names {
        /** One name of the document, in document order; the same name may come many times. */
        void seen(String name);
    }

    /**
     * Checks (and, for prolog processing instructions, trims) {@code document}; returns the most attributes
     * (namespace declarations included) that one element has, which {@link CheckedParserPool} uses to decide
     * whether the builder may be reused.
     *
     * @throws InfosetViolation {@link EcpError#XML_TOO_DEEP}, {@link EcpError#XML_TOO_COMPLEX} or
     *     {@link EcpError#MALFORMED_XML}
     */
    public static int check(Document document, int maxDepth) throws InfosetViolation {
        return check(document, maxDepth, IGNORED);
    }

    /**
     * {@link #check(Document, int)}, telling {@code names} the names the document holds (see {@link Names}).
     *
     * @throws InfosetViolation {@link EcpError#XML_TOO_DEEP}, {@link EcpError#XML_TOO_COMPLEX} or
     *     {@link EcpError#MALFORMED_XML}
     */
    public static int check(Document document, int maxDepth, Names names) throws InfosetViolation {
        return check(document, maxDepth, names, false);
    }

    /**
     * {@link #check(Document, int, Names)}; {@code aggregate}: the document is federation metadata, whose long lists
     * of entities under one parent are charged less than a message's children ({@link ShapeBudget}).
     *
     * @throws InfosetViolation {@link EcpError#XML_TOO_DEEP}, {@link EcpError#XML_TOO_COMPLEX} or
     *     {@link EcpError#MALFORMED_XML}
     */
    public static int check(Document document, int maxDepth, Names names, boolean aggregate)
            throws InfosetViolation {
        String version = document.getXmlVersion();
        if (version != null && !"1.0".equals(version)) {
            // XML 1.1 changes line ends and allows C0 control references; c14n 1.0 defines no result for it.
            throw new InfosetViolation(EcpError.MALFORMED_XML, "XML version " + quote(version)
                    + " is not accepted; SAML messages are XML 1.0");
        }
        dropPrologInstructions(document, names);
        Element root = document.getDocumentElement();
        if (root == null) {
            return 0;
        }
        Node node = root;
        int depth = 1;
        int mostAttributes = 0;
        ShapeBudget budget = new ShapeBudget(maxDepth,
                aggregate ? ShapeBudget.AGGREGATE_SIBLING_CHARGE : ShapeBudget.FULL_SIBLING_CHARGE);
        while (node != null) {
            if (node.getNodeType() == Node.ELEMENT_NODE) {
                if (depth > maxDepth) {
                    throw new InfosetViolation(EcpError.XML_TOO_DEEP, "elements are nested more than " + maxDepth
                            + " deep (at " + quote(node.getNodeName()) + "); no SAML message needs that many levels");
                }
                Element element = (Element) node;
                checkElement(element, depth, names, budget);
                mostAttributes = Math.max(mostAttributes, element.getAttributes().getLength());
            } else if (node.getNodeType() == Node.TEXT_NODE) {
                checkDigitRuns(node.getNodeValue(), node.getParentNode());
            } else if (node.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
                throw new InfosetViolation(EcpError.MALFORMED_XML, "a processing instruction (target "
                        + quote(node.getNodeName()) + ") inside " + quote(node.getParentNode().getNodeName())
                        + "; samlec refuses processing instructions in message content");
            }
            Node first = node.getNodeType() == Node.ELEMENT_NODE ? node.getFirstChild() : null;
            if (first != null) {
                node = first;
                depth++;
                continue;
            }
            while (node != root && node.getNextSibling() == null) {
                node = node.getParentNode();
                depth--;
            }
            node = node == root ? null : node.getNextSibling();
        }
        budget.finish();
        return mostAttributes;
    }

    private static void dropPrologInstructions(Document document, Names names) {
        Node child = document.getFirstChild();
        while (child != null) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
                names.seen(child.getNodeName());
                document.removeChild(child);
            }
            child = next;
        }
    }

    /** Checks the element's and its attributes' names and values, and accounts for them in {@code budget}. */
    private static void checkElement(Element element, int depth, Names names, ShapeBudget budget)
            throws InfosetViolation {
        checkName(element, "element");
        if (element.getPrefix() == null && XMLConstants.XMLNS_ATTRIBUTE.equals(element.getLocalName())) {
            // the DOM refuses to create (import, adopt, copy) an element of that name: refused here, typed
            throw new InfosetViolation(EcpError.MALFORMED_XML, "element name \"xmlns\" is reserved for namespace"
                    + " declarations; no SAML or SOAP message uses it");
        }
        names.seen(element.getNodeName());
        NamedNodeMap attributes = element.getAttributes();
        int count = attributes.getLength();
        int declarations = 0;
        int qualified = 0;
        int ids = 0;
        for (int i = 0; i < count; i++) {
            Attr attribute = (Attr) attributes.item(i);
            checkName(attribute, "attribute");
            names.seen(attribute.getNodeName());
            checkDigitRuns(attribute.getValue(), attribute);
            String namespace = attribute.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespace)) {
                names.seen(attribute.getValue());
                declarations++;
            } else if (XMLConstants.XML_NS_URI.equals(namespace) && "id".equals(attribute.getLocalName())) {
                qualified++;
                ids++;
            } else if (namespace != null) {
                qualified++;
            } else if ("ID".equals(attribute.getLocalName()) || "Id".equals(attribute.getLocalName())) {
                ids++; // SAML's ID, XML Encryption's Id: registered as IDs by the typed objects
            }
        }
        budget.element(element, depth, count, declarations, qualified, ids);
    }

    private static void checkDigitRuns(String value, Node where) throws InfosetViolation {
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            run = c >= '0' && c <= '9' ? run + 1 : 0;
            if (run > MAX_DIGIT_RUN) {
                throw new InfosetViolation(EcpError.XML_TOO_COMPLEX, "a number of more than " + MAX_DIGIT_RUN
                        + " digits in " + quote(where.getNodeName()) + "; no SAML value has one (a time's year or"
                        + " fraction that long costs time squared in its digits to read)");
            }
        }
    }

    /** Xerces has already checked the characters; what it lets through is an empty prefix or local part. */
    private static void checkName(Node node, String kind) throws InfosetViolation {
        String prefix = node.getPrefix();
        String local = node.getLocalName();
        if ((prefix != null && prefix.isEmpty()) || local == null || local.isEmpty()) {
            throw new InfosetViolation(EcpError.MALFORMED_XML, kind + " name " + quote(node.getNodeName())
                    + " is not namespace-well-formed (expected name or prefix:name)");
        }
    }

    /** A peer-supplied name for a message: bounded and printable. */
    static String quote(String name) {
        int max = 80;
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < name.length() && i < max; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.append(name.length() > max ? "...\"" : "\"").toString();
    }
}
