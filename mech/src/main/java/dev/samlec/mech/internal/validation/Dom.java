package dev.samlec.mech.internal.validation;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM navigation by namespace URI and local name (never by prefix or local name alone). */
final class Dom {
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    static final String DS11 = "http://www.w3.org/2009/xmldsig11#";
    static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    static final String XENC11 = "http://www.w3.org/2009/xmlenc11#";

    private Dom() {
    }

    /** The element children of {@code parent}, in order. */
    static List<Element> children(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                result.add((Element) n);
            }
        }
        return result;
    }

    /** The element children with the given name. */
    static List<Element> children(Element parent, String ns, String local) {
        List<Element> result = new ArrayList<>();
        for (Element e : children(parent)) {
            if (is(e, ns, local)) {
                result.add(e);
            }
        }
        return result;
    }

    /** Whether {@code e} has the given namespace and local name. */
    static boolean is(Element e, String ns, String local) {
        return ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    /** Every descendant element of {@code root} (not {@code root} itself) with the given name. */
    static List<Element> descendants(Element root, String ns, String local) {
        // One walk in document order, as getElementsByTagNameNS, whose NodeList walks the tree again for getLength.
        List<Element> result = new ArrayList<>();
        Node node = root.getFirstChild();
        while (node != null && node != root) {
            if (node.getNodeType() == Node.ELEMENT_NODE) {
                Element e = (Element) node;
                if (("*".equals(ns) || ns.equals(e.getNamespaceURI()))
                        && ("*".equals(local) || local.equals(e.getLocalName()))) {
                    result.add(e);
                }
            }
            // Into any node with children (an entity reference too, as getElementsByTagNameNS does).
            if (node.getFirstChild() != null) {
                node = node.getFirstChild();
                continue;
            }
            while (node != root && node.getNextSibling() == null) {
                node = node.getParentNode();
            }
            node = node == root ? null : node.getNextSibling();
        }
        return result;
    }

    /** {ns}local of an element, for messages. */
    static String name(Element e) {
        String ns = e.getNamespaceURI();
        return (ns == null ? "" : "{" + ns + "}") + e.getLocalName();
    }

    /** Whether {@code node} has an ancestor (stopping before {@code stop}) with the given name. */
    static boolean hasAncestor(Node node, Node stop, String ns, String local) {
        for (Node p = node.getParentNode(); p != null && p != stop; p = p.getParentNode()) {
            if (p.getNodeType() == Node.ELEMENT_NODE && is((Element) p, ns, local)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} lies inside a saml:Advice that is itself inside {@code assertion}. */
    static boolean insideAdvice(Element e, Element assertion) {
        boolean advice = false;
        for (Node p = e.getParentNode(); p != null; p = p.getParentNode()) {
            if (p == assertion) {
                return advice;
            }
            if (p.getNodeType() == Node.ELEMENT_NODE && is((Element) p, SAML, "Advice")) {
                advice = true;
            }
        }
        return false;
    }
}
