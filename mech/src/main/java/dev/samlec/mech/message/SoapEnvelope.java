package dev.samlec.mech.message;

import static dev.samlec.mech.message.Dom.malformed;
import static dev.samlec.mech.message.Dom.name;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The structure of a parsed SOAP 1.1 envelope: {@code S:Envelope} holding an optional {@code S:Header} and then
 * exactly one {@code S:Body}, nothing else; plus the SOAP header-processing rules (mustUnderstand, actor).
 *
 * <p>Header blocks are the element children of {@code S:Header}; body content is the element children of
 * {@code S:Body}. Nothing is ever searched for elsewhere in the document.
 */
final class SoapEnvelope {
    private static final Logger LOG = LoggerFactory.getLogger(SoapEnvelope.class);

    private final List<Element> headerBlocks;
    private final List<Element> bodyChildren;

    private SoapEnvelope(List<Element> headerBlocks, List<Element> bodyChildren) {
        this.headerBlocks = headerBlocks;
        this.bodyChildren = bodyChildren;
    }

    /** Whether the document's root is a SOAP 1.1 {@code Envelope}. */
    static boolean isSoap11Envelope(Document doc) {
        return Dom.is(doc.getDocumentElement(), EcpNamespaces.SOAP11, "Envelope");
    }

    /** Reads the envelope structure; {@code what} names the message in errors. */
    static SoapEnvelope read(Document doc, String what) throws EcpException {
        Element root = doc.getDocumentElement();
        if (Dom.is(root, EcpNamespaces.SOAP12, "Envelope")) {
            throw malformed(what + ": a SOAP 1.2 envelope; ECP uses SOAP 1.1 (" + EcpNamespaces.SOAP11 + ")");
        }
        if (!Dom.is(root, EcpNamespaces.SOAP11, "Envelope")) {
            throw malformed(what + ": root element is " + name(root) + ", expected S:Envelope");
        }
        List<Element> parts = Dom.elementChildren(root, what);
        Element header = null;
        int index = 0;
        if (!parts.isEmpty() && Dom.is(parts.get(0), EcpNamespaces.SOAP11, "Header")) {
            header = parts.get(0);
            index = 1;
        }
        if (parts.size() != index + 1 || !Dom.is(parts.get(index), EcpNamespaces.SOAP11, "Body")) {
            throw malformed(what + ": S:Envelope must hold an optional S:Header and then exactly one S:Body, found "
                    + parts.stream().map(Dom::name).toList());
        }
        List<Element> blocks = header == null ? List.of() : Dom.elementChildren(header, what);
        for (Element block : blocks) {
            if (block.getNamespaceURI() == null) {
                throw malformed(what + ": header block " + name(block) + " is not namespace-qualified");
            }
        }
        return new SoapEnvelope(List.copyOf(blocks), List.copyOf(Dom.elementChildren(parts.get(index), what)));
    }

    List<Element> headerBlocks() {
        return headerBlocks;
    }

    /** The only element in {@code S:Body}; none or several is an error. */
    Element singleBodyChild(String what) throws EcpException {
        if (bodyChildren.size() != 1) {
            throw malformed(what + ": S:Body must hold exactly one element, found " + bodyChildren.size()
                    + (bodyChildren.isEmpty() ? "" : " " + bodyChildren.stream().map(Dom::name).toList()));
        }
        return bodyChildren.get(0);
    }

    /** The value of {@code S:mustUnderstand} ("1"/"true" or "0"/"false"; absent means false). */
    static boolean mustUnderstand(Element block, String what) throws EcpException {
        Optional<String> value = Dom.attribute(block, EcpNamespaces.SOAP11, "mustUnderstand");
        return value.isPresent()
                && Dom.parseBoolean(value.get(), what + ": S:mustUnderstand of " + name(block));
    }

    /**
     * Whether a block is addressed to this node: {@code S:actor} is the "next" URI, or absent (the ultimate
     * receiver, which an ECP client or SP also is).
     */
    static boolean addressedToUs(Element block) {
        Optional<String> actor = Dom.attribute(block, EcpNamespaces.SOAP11, "actor");
        return actor.isEmpty() || EcpNamespaces.SOAP_ACTOR_NEXT.equals(actor.get());
    }

    /**
     * Enforces the ECP rule that a block carries {@code S:mustUnderstand="1"} and {@code S:actor=next}. One variant
     * is tolerated because it changes nothing about whom the block is for: mod_auth_mellon (Lasso) writes the actor
     * as an unqualified {@code actor="...next"} attribute. It is accepted only when its value is the "next" URI and
     * no {@code S:actor} is present; any other unqualified value, or both attributes, is refused.
     */
    static void requireMustUnderstandForNext(Element block, String what) throws EcpException {
        Optional<String> understand = Dom.attribute(block, EcpNamespaces.SOAP11, "mustUnderstand");
        if (understand.isEmpty() || !mustUnderstand(block, what)) {
            throw new EcpException(EcpError.MUST_UNDERSTAND_VIOLATION, what + ": " + name(block)
                    + " must carry S:mustUnderstand=\"1\", was "
                    + understand.map(v -> "'" + Dom.shorten(v) + "'").orElse("absent"));
        }
        Optional<String> actor = Dom.attribute(block, EcpNamespaces.SOAP11, "actor");
        Optional<String> unqualified = block.hasAttributeNS(null, "actor")
                ? Optional.of(block.getAttributeNS(null, "actor")) : Optional.empty();
        boolean next = actor.isPresent() ? unqualified.isEmpty() && EcpNamespaces.SOAP_ACTOR_NEXT.equals(actor.get())
                : unqualified.equals(Optional.of(EcpNamespaces.SOAP_ACTOR_NEXT));
        if (!next) {
            throw new EcpException(EcpError.MUST_UNDERSTAND_VIOLATION, what + ": " + name(block)
                    + " must carry S:actor=\"" + EcpNamespaces.SOAP_ACTOR_NEXT + "\", was "
                    + actor.map(v -> "'" + Dom.shorten(v) + "'").orElse("absent")
                    + unqualified.map(v -> " (unqualified actor '" + Dom.shorten(v) + "')").orElse(""));
        }
    }

    /**
     * Handles a header block this node does not know: an error when it must be understood by us (SOAP 1.1
     * section 4.2.3), otherwise ignored.
     */
    static void unknownBlock(Element block, String what) throws EcpException {
        if (mustUnderstand(block, what) && addressedToUs(block)) {
            throw new EcpException(EcpError.MUST_UNDERSTAND_VIOLATION, what + ": header block " + name(block)
                    + " is marked S:mustUnderstand but is not understood");
        }
        LOG.debug("{}: ignoring header block {}", what, name(block));
    }

    /** Fails when a block that may occur once has been seen already. */
    static void requireFirst(Object seen, Element block, String what) throws EcpException {
        if (seen != null) {
            throw malformed(what + ": more than one " + name(block) + " header block");
        }
    }
}
