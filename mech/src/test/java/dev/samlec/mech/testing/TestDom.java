package dev.samlec.mech.testing;

import dev.samlec.mech.internal.xml.XmlWriter;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM surgery for attack tests (signature wrapping, tampering after signing). */
public final class TestDom {
    /** SAML assertion namespace. */
    public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    /** SAML protocol namespace. */
    public static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    /** XML Signature namespace. */
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private TestDom() {
    }

    /** The element children of {@code parent} with the given name. */
    public static List<Element> children(Element parent, String ns, String local) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName())) {
                result.add((Element) n);
            }
        }
        return result;
    }

    /** The only child with the given name. */
    public static Element child(Element parent, String ns, String local) {
        List<Element> found = children(parent, ns, local);
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + local + " in " + parent.getLocalName() + ", saw "
                    + found.size());
        }
        return found.get(0);
    }

    /** The first descendant with the given name. */
    public static Element first(Node root, String ns, String local) {
        Element scope = root instanceof Document ? ((Document) root).getDocumentElement() : (Element) root;
        if (ns.equals(scope.getNamespaceURI()) && local.equals(scope.getLocalName())) {
            return scope;
        }
        Node found = scope.getElementsByTagNameNS(ns, local).item(0);
        if (found == null) {
            throw new IllegalStateException("no " + local + " below " + scope.getLocalName());
        }
        return (Element) found;
    }

    /** The top-level assertion of a Response document. */
    public static Element assertion(Document response) {
        return child(response.getDocumentElement(), SAML, "Assertion");
    }

    /** The direct ds:Signature child of {@code signed}. */
    public static Element signature(Element signed) {
        return child(signed, DS, "Signature");
    }

    /** Removes the direct ds:Signature child of {@code signed}. */
    public static void removeSignature(Element signed) {
        Element signature = signature(signed);
        signature.getParentNode().removeChild(signature);
    }

    /** The "evil edit": NameID (and every attribute value) of {@code assertion} becomes {@code admin}. */
    public static void evilEdit(Element assertion) {
        first(assertion, SAML, "NameID").setTextContent("admin");
        for (Element value : elements(assertion, SAML, "AttributeValue")) {
            value.setTextContent("admin");
        }
    }

    /** Every descendant with the given name. */
    public static List<Element> elements(Element root, String ns, String local) {
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < root.getElementsByTagNameNS(ns, local).getLength(); i++) {
            result.add((Element) root.getElementsByTagNameNS(ns, local).item(i));
        }
        return result;
    }

    /** A deep copy of {@code element} in the same document (not yet inserted). */
    public static Element deepClone(Element element) {
        return (Element) element.cloneNode(true);
    }

    /** The document as bytes. */
    public static byte[] bytes(Document document) {
        return XmlWriter.toBytes(document);
    }

    /** The document as a string. */
    public static String string(Document document) {
        return XmlWriter.toString(document);
    }

    /** Parses test XML with a plain namespace-aware parser (tests only; never for wire data). */
    public static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
