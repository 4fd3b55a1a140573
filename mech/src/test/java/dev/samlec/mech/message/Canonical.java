package dev.samlec.mech.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Exclusive canonical XML (what SAML signatures cover) of test documents, with Santuario. */
public final class Canonical {
    private Canonical() {
    }

    /** A namespace-aware DOM of trusted test bytes. */
    public static Document dom(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exc-c14n form of the root element of {@code xml}. */
    public static String of(byte[] xml) {
        return of(dom(xml).getDocumentElement());
    }

    /** The exc-c14n form of an element. */
    public static String of(Element element) {
        try {
            Init.init();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS).canonicalizeSubtree(element, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The only element child of S:Body in a SOAP envelope. */
    public static Element bodyChild(Document envelope) {
        Element body = child(envelope.getDocumentElement(), EcpNamespaces.SOAP11, "Body");
        for (org.w3c.dom.Node n = body.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return (Element) n;
            }
        }
        throw new IllegalStateException("empty body");
    }

    /** The first child element {@code {ns}local}. */
    public static Element child(Element parent, String ns, String local) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName())) {
                return (Element) n;
            }
        }
        throw new IllegalStateException("no " + local + " under " + parent.getLocalName());
    }
}
