package dev.samlec.mech.service;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.samlec.mech.internal.xml.XmlWriter;
import dev.samlec.mech.testing.TestDom;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Structured mutations of a signed Response DOM, driven by the fuzzer's bytes: up to eight edits, each picking its
 * elements by index in document order. The edits are the moves of signature-wrapping and smuggling attacks (a copy
 * of a signed element placed elsewhere and altered, the original moved or removed, wrappers such as
 * {@code Extensions} or {@code ds:Object}, duplicated IDs, changed text and attributes). Names come from fixed lists,
 * so every edit yields a namespace-well-formed DOM; values are the fuzzer's.
 */
final class ResponseEdits {
    private static final String[][] WRAPPERS = {
        {TestDom.SAMLP, "samlp:Extensions"},
        {TestDom.DS, "ds:Object"},
        {TestDom.SAML, "saml:Advice"},
        {TestDom.SAML, "saml:Assertion"},
        {TestDom.SAMLP, "samlp:Response"},
        {"urn:example:evil", "evil:Wrapper"},
    };
    private static final String[] ATTRIBUTES = {"ID", "InResponseTo", "Destination", "Recipient", "NotOnOrAfter",
        "NotBefore", "Method", "Format", "Name", "URI", "Algorithm", "Version", "IssueInstant", "Value", "Type"};
    private static final String[] TEXT = {"admin", "alice", "https://idp.example.org/idp/shibboleth",
        "https://idp2.example.net/idp", "https://sp.example.com/shibboleth", ""};

    private final Document document;
    private final FuzzedDataProvider data;

    ResponseEdits(Document document, FuzzedDataProvider data) {
        this.document = document;
        this.data = data;
    }

    /** Applies the edits the data asks for. */
    void apply() {
        int edits = data.consumeInt(0, 8);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            List<Element> all = elements();
            Element target = all.get(data.consumeInt(0, all.size() - 1));
            switch (data.consumeInt(0, 9)) {
                case 0 -> target.setTextContent(text());
                case 1 -> target.setAttributeNS(null, pick(ATTRIBUTES), text());
                case 2 -> remove(target);
                case 3 -> insert(evil(TestDom.deepClone(target)), all);
                case 4 -> insert(TestDom.deepClone(target), all);
                case 5 -> move(target, all);
                case 6 -> wrap(target);
                case 7 -> target.removeAttributeNS(null, pick(ATTRIBUTES));
                case 8 -> swapWithNextSibling(target);
                default -> target.appendChild(document.createTextNode(text()));
            }
        }
    }

    /** The document as bytes, or null when the DOM cannot be written (a harness limit, not a finding). */
    static byte[] serialise(Document document) {
        try {
            return XmlWriter.toBytes(document);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private List<Element> elements() {
        NodeList list = document.getElementsByTagName("*");
        List<Element> result = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }

    private String text() {
        return data.consumeBoolean() ? pick(TEXT) : data.consumeString(64);
    }

    private String pick(String[] values) {
        return values[data.consumeInt(0, values.length - 1)];
    }

    /** The evil edit of attacks.md on a copy: NameID and attribute values become admin. */
    private static Element evil(Element copy) {
        for (Element e : TestDom.elements(copy, TestDom.SAML, "NameID")) {
            e.setTextContent("admin");
        }
        for (Element e : TestDom.elements(copy, TestDom.SAML, "AttributeValue")) {
            e.setTextContent("admin");
        }
        return copy;
    }

    private void remove(Element target) {
        if (target != document.getDocumentElement()) {
            target.getParentNode().removeChild(target);
        }
    }

    private void insert(Element node, List<Element> all) {
        Element parent = all.get(data.consumeInt(0, all.size() - 1));
        NodeList children = parent.getChildNodes();
        int at = data.consumeInt(0, children.getLength());
        parent.insertBefore(node, at < children.getLength() ? children.item(at) : null);
    }

    private void move(Element target, List<Element> all) {
        Element parent = all.get(data.consumeInt(0, all.size() - 1));
        if (target == document.getDocumentElement() || contains(target, parent)) {
            return;
        }
        insert((Element) target.getParentNode().removeChild(target), List.of(parent));
    }

    private void wrap(Element target) {
        if (target == document.getDocumentElement()) {
            return;
        }
        String[] wrapper = WRAPPERS[data.consumeInt(0, WRAPPERS.length - 1)];
        Element outer = document.createElementNS(wrapper[0], wrapper[1]);
        target.getParentNode().replaceChild(outer, target);
        outer.appendChild(target);
    }

    private static void swapWithNextSibling(Element target) {
        Node next = target.getNextSibling();
        while (next != null && next.getNodeType() != Node.ELEMENT_NODE) {
            next = next.getNextSibling();
        }
        if (next != null) {
            target.getParentNode().insertBefore(next, target);
        }
    }

    private static boolean contains(Node ancestor, Node node) {
        for (Node n = node; n != null; n = n.getParentNode()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }
}
