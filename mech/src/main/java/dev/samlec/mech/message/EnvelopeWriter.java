package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a SOAP 1.1 envelope: {@code <S:Envelope xmlns:S=...>}, header blocks built here with the DOM (so values
 * are escaped), and a body element given as bytes and copied in unchanged.
 *
 * <p>Each header block declares {@code S} and its own prefix itself, so it never depends on declarations elsewhere.
 * The body bytes come from {@link XmlWriter#standalone}, so they declare every namespace they use and splicing
 * them in keeps signed content intact. Nothing is pretty-printed.
 */
final class EnvelopeWriter {
    private static final String S = "S";

    private final List<Element> blocks = new ArrayList<>();

    /**
     * A new, empty header block {@code prefix:local} in {@code namespace}; when {@code mustUnderstandForNext} it
     * carries {@code S:mustUnderstand="1"} and {@code S:actor=next}. Fill it, then {@link #add} it.
     */
    Element block(String namespace, String prefix, String local, boolean mustUnderstandForNext) {
        Document doc = newDocument();
        Element block = doc.createElementNS(namespace, prefix + ":" + local);
        doc.appendChild(block);
        block.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + S, EcpNamespaces.SOAP11);
        block.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, namespace);
        if (mustUnderstandForNext) {
            block.setAttributeNS(EcpNamespaces.SOAP11, S + ":mustUnderstand", "1");
            block.setAttributeNS(EcpNamespaces.SOAP11, S + ":actor", EcpNamespaces.SOAP_ACTOR_NEXT);
        }
        return block;
    }

    /** Appends a child element {@code prefix:local}, declaring the prefix on it when it is new. */
    static Element child(Element parent, String namespace, String prefix, String local) {
        Element child = parent.getOwnerDocument().createElementNS(namespace, prefix + ":" + local);
        if (!namespace.equals(parent.lookupNamespaceURI(prefix))) {
            child.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, namespace);
        }
        parent.appendChild(child);
        return child;
    }

    /** Adds a finished header block. */
    void add(Element block) {
        blocks.add(block);
    }

    /**
     * The envelope as a document: the header blocks and a copy of {@code bodyChild}, the root of a standalone
     * document (every namespace it uses declared on it), as the body's only content. {@link XmlWriter#toBytes} of it
     * is what {@link #envelope} writes for the same body.
     */
    Document envelopeDocument(Element bodyChild) {
        Document doc = newDocument();
        Element envelope = doc.createElementNS(EcpNamespaces.SOAP11, S + ":Envelope");
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + S, EcpNamespaces.SOAP11);
        doc.appendChild(envelope);
        if (!blocks.isEmpty()) {
            Element header = doc.createElementNS(EcpNamespaces.SOAP11, S + ":Header");
            envelope.appendChild(header);
            for (Element block : blocks) {
                header.appendChild(doc.importNode(block, true));
            }
        }
        Element body = doc.createElementNS(EcpNamespaces.SOAP11, S + ":Body");
        envelope.appendChild(body);
        body.appendChild(doc.importNode(bodyChild, true));
        return doc;
    }

    /** The envelope bytes, with {@code bodyChild} (one serialised element) as the body's only content. */
    byte[] envelope(byte[] bodyChild) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bodyChild.length + 1024);
        write(out, "<" + S + ":Envelope xmlns:" + S + "=\"" + EcpNamespaces.SOAP11 + "\">");
        if (!blocks.isEmpty()) {
            write(out, "<" + S + ":Header>");
            blocks.forEach(b -> out.writeBytes(XmlWriter.toBytes(b)));
            write(out, "</" + S + ":Header>");
        }
        write(out, "<" + S + ":Body>");
        out.writeBytes(bodyChild);
        write(out, "</" + S + ":Body></" + S + ":Envelope>");
        return out.toByteArray();
    }

    /** A standalone element document, used to write body elements such as a SOAP fault. */
    static Document newDocument() {
        return XmlWriter.newDocument();
    }

    /** A parser able to read back a message samlec has just written, whatever its size. */
    static SecureXmlParser parserFor(byte[] written) {
        return new SecureXmlParser(Math.max(SecureXmlParser.DEFAULT_MAX_BYTES, written.length));
    }

    /** Failure to read back what samlec wrote from already-validated parts is a bug, not a peer's fault. */
    static IllegalStateException bug(String what, EcpException e) {
        return new IllegalStateException("samlec wrote a " + what + " it cannot read back: " + e.describe(), e);
    }

    private static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
    }
}
