package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Collects every ID-like attribute value of a subtree and rejects duplicates (XSW-7/8: two elements with the signed
 * ID), and checks the syntax of the IDs a signature may reference.
 *
 * <p>ID-like: unqualified {@code ID}, {@code Id}, {@code id}, {@code AssertionID}, {@code ResponseID},
 * {@code xml:id}, and any attribute the DOM marks as an ID.
 */
final class IdUniqueness {
    /** An ASCII subset of NCName, at most 256 characters; every IdP seen in practice fits it. */
    private static final Pattern ID_SYNTAX = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,255}");
    private static final Set<String> ID_NAMES = Set.of("ID", "Id", "id", "AssertionID", "ResponseID");

    private IdUniqueness() {
    }

    /**
     * Every ID value under (and including) {@code root}, each mapped to the element carrying it.
     *
     * @throws EcpException {@link EcpError#INVALID_STRUCTURE} on a duplicate value
     */
    static Map<String, Element> collect(Element root) throws EcpException {
        Map<String, Element> seen = new HashMap<>();
        Deque<Element> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Element e = todo.pop();
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                if (isIdAttribute(a)) {
                    Element previous = seen.putIfAbsent(a.getValue(), e);
                    if (previous != null) {
                        throw Values.fail(EcpError.INVALID_STRUCTURE, "duplicate ID value " + Values.quote(a.getValue())
                                + " on " + Dom.name(previous) + " and " + Dom.name(e));
                    }
                }
            }
            for (Node n = e.getLastChild(); n != null; n = n.getPreviousSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE) {
                    todo.push((Element) n);
                }
            }
        }
        return seen;
    }

    /** Rejects an ID of {@code what} that is missing or outside the accepted syntax. */
    static void checkSyntax(String what, String id) throws EcpException {
        if (id == null || !ID_SYNTAX.matcher(id).matches()) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, what + " ID: expected an NCName of letters, digits, '_', "
                    + "'.', '-' (at most 256 characters), saw " + Values.quote(id));
        }
    }

    private static boolean isIdAttribute(Attr a) {
        String ns = a.getNamespaceURI();
        if (ns == null) {
            return ID_NAMES.contains(a.getLocalName()) || a.isId();
        }
        return (XMLConstants.XML_NS_URI.equals(ns) && "id".equals(a.getLocalName())) || a.isId();
    }
}
