package dev.samlec.mech.message;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small DOM helpers: elements are matched by namespace URI and local name only, never by prefix. */
final class Dom {
    private static final int MAX_VALUE_IN_MESSAGE = 200;

    private Dom() {
    }

    /**
     * Whether the raw bytes contain {@code text} (ASCII) at all: a cheap test run before parsing bodies that are
     * usually something else, such as web pages. A namespace URI hidden behind character references is missed,
     * which only makes the message look like "not ours".
     */
    static boolean mentions(byte[] bytes, String text) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
    }

    /** Whether {@code node} is the element {@code {namespace}local}. */
    static boolean is(Node node, String namespace, String local) {
        return node != null && node.getNodeType() == Node.ELEMENT_NODE
                && namespace.equals(node.getNamespaceURI()) && local.equals(node.getLocalName());
    }

    /**
     * The element children of {@code parent}; any non-whitespace text directly inside it is an error, since the
     * SOAP structures samlec reads hold only elements at that level.
     */
    static List<Element> elementChildren(Element parent, String what) throws EcpException {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                result.add((Element) n);
            } else if ((n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !n.getNodeValue().isBlank()) {
                throw malformed(what + ": unexpected text inside " + name(parent));
            }
        }
        return result;
    }

    /** The element children of {@code parent} named {@code {namespace}local}, in document order. */
    static List<Element> children(Element parent, String namespace, String local) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (is(n, namespace, local)) {
                result.add((Element) n);
            }
        }
        return result;
    }

    /** The one child named {@code {namespace}local}, if any; two or more is an error. */
    static Optional<Element> optionalChild(Element parent, String namespace, String local, String what)
            throws EcpException {
        List<Element> found = children(parent, namespace, local);
        if (found.size() > 1) {
            throw malformed(what + ": " + name(parent) + " has " + found.size() + " "
                    + name(namespace, local) + " children, at most one expected");
        }
        return found.stream().findFirst();
    }

    /** An unqualified attribute's value, if present. */
    static Optional<String> attribute(Element e, String name) {
        return e.hasAttributeNS(null, name) ? Optional.of(e.getAttributeNS(null, name)) : Optional.empty();
    }

    /** A namespace-qualified attribute's value, if present. */
    static Optional<String> attribute(Element e, String namespace, String local) {
        return e.hasAttributeNS(namespace, local) ? Optional.of(e.getAttributeNS(namespace, local))
                : Optional.empty();
    }

    /** An unqualified attribute that must be present and not blank. */
    static String requiredAttribute(Element e, String name, String what) throws EcpException {
        Optional<String> value = attribute(e, name);
        if (value.isEmpty() || value.get().isBlank()) {
            throw malformed(what + ": " + name(e) + " has no " + name + " attribute");
        }
        return value.get();
    }

    /** The exact text content of a simple-content element; child elements are an error. */
    static String text(Element e, String what) throws EcpException {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                throw malformed(what + ": " + name(e) + " must hold text only, found element " + name((Element) n));
            }
        }
        return e.getTextContent();
    }

    /** The trimmed text of a simple-content element that must not be blank. */
    static String requiredText(Element e, String what) throws EcpException {
        String value = text(e, what).strip();
        if (value.isEmpty()) {
            throw malformed(what + ": " + name(e) + " is empty");
        }
        return value;
    }

    /** An xs:boolean attribute value ("true", "false", "1", "0"). */
    static boolean parseBoolean(String value, String description) throws EcpException {
        switch (value.strip()) {
            case "1":
            case "true":
                return true;
            case "0":
            case "false":
                return false;
            default:
                throw malformed(description + ": expected an xs:boolean (true, false, 1, 0), was '"
                        + shorten(value) + "'");
        }
    }

    /** The element's name for messages: {@code paos:Request} for known namespaces, else {@code {uri}local}. */
    static String name(Element e) {
        return name(e.getNamespaceURI(), e.getLocalName() == null ? e.getNodeName() : e.getLocalName());
    }

    static String name(String namespace, String local) {
        String prefix = EcpNamespaces.conventionalPrefix(namespace);
        if (prefix != null) {
            return prefix + ":" + local;
        }
        return namespace == null ? local : "{" + namespace + "}" + local;
    }

    /** A peer-supplied value cut to a length fit for an error message, control characters replaced. */
    static String shorten(String value) {
        String cleaned = value.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", " ");
        return cleaned.length() <= MAX_VALUE_IN_MESSAGE ? cleaned
                : cleaned.substring(0, MAX_VALUE_IN_MESSAGE) + "...";
    }

    static EcpException malformed(String message) {
        return new EcpException(EcpError.MALFORMED_MESSAGE, message);
    }
}
