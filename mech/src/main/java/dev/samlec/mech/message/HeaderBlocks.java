package dev.samlec.mech.message;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/** Reading and writing the small header blocks shared by several messages: RelayState, SessionKey, ChannelBindings. */
final class HeaderBlocks {
    private HeaderBlocks() {
    }

    /** The exact text of an {@code ecp:RelayState} block (an opaque value, not trimmed). */
    static String readRelayState(Element block, String what) throws EcpException {
        SoapEnvelope.requireMustUnderstandForNext(block, what);
        return Dom.text(block, what);
    }

    /**
     * Writes {@code ecp:RelayState}. The element is rebuilt with our own {@code S} declaration rather than copied:
     * a verbatim copy would use the SP's {@code S} prefix, declared on the SP's envelope only.
     */
    static void writeRelayState(EnvelopeWriter writer, String relayState) {
        Element block = writer.block(EcpNamespaces.ECP, "ecp", "RelayState", true);
        block.setTextContent(relayState);
        writer.add(block);
    }

    /** The {@code samlec:EncType} numbers of a {@code samlec:SessionKey} block, in order. */
    static List<Integer> readEncTypes(Element block, String what) throws EcpException {
        List<Integer> result = new ArrayList<>();
        for (Element encType : Dom.children(block, EcpNamespaces.SAMLEC, "EncType")) {
            String text = Dom.requiredText(encType, what);
            try {
                result.add(Integer.valueOf(text));
            } catch (NumberFormatException e) {
                throw Dom.malformed(what + ": samlec:EncType must be an RFC 3961 enctype number, was '"
                        + Dom.shorten(text) + "'");
            }
        }
        return result;
    }

    /** Writes a {@code samlec:SessionKey} block listing {@code encTypes} (no Algorithm: the IdP makes the key). */
    static void writeSessionKey(EnvelopeWriter writer, List<Integer> encTypes) {
        Element block = writer.block(EcpNamespaces.SAMLEC, "samlec", "SessionKey", true);
        for (Integer encType : encTypes) {
            EnvelopeWriter.child(block, EcpNamespaces.SAMLEC, "samlec", "EncType").setTextContent(encType.toString());
        }
        writer.add(block);
    }

    /** The {@code Type} of a {@code cb:ChannelBindings} block, if given. */
    static Optional<String> readChannelBindingsType(Element block) {
        return Dom.attribute(block, "Type");
    }

    /** Writes an empty {@code cb:ChannelBindings Type="..."} header block (the value travels in the request). */
    static void writeChannelBindings(EnvelopeWriter writer, String type) {
        Element block = writer.block(EcpNamespaces.CB, "cb", "ChannelBindings", true);
        block.setAttributeNS(null, "Type", type);
        writer.add(block);
    }

    /**
     * The Type and decoded value of a {@code cb:ChannelBindings} block that must carry a value (client to IdP, IdP
     * to client). Base64 may contain XML whitespace; otherwise it is decoded strictly.
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} if Type is missing or not a channel-binding name, or the value
     *     is empty or not base64
     */
    static ChannelBinding readChannelBinding(Element block, String what) throws EcpException {
        String type = Dom.requiredAttribute(block, "Type", what);
        if (!ChannelBinding.isValidType(type)) {
            throw Dom.malformed(what + ": cb:ChannelBindings Type must match 1*(ALPHA / DIGIT / \".\" / \"-\"), was '"
                    + Dom.shorten(type) + "'");
        }
        String text = Dom.text(block, what).replaceAll("[ \t\r\n]", "");
        if (text.isEmpty()) {
            throw Dom.malformed(what + ": cb:ChannelBindings of Type '" + type + "' has no value");
        }
        try {
            return new ChannelBinding(type, Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw Dom.malformed(what + ": cb:ChannelBindings value is not base64 (" + e.getMessage() + ")");
        }
    }

    /** Writes a {@code cb:ChannelBindings Type="..."} header block carrying the base64 value. */
    static void writeChannelBinding(EnvelopeWriter writer, ChannelBinding binding) {
        Element block = writer.block(EcpNamespaces.CB, "cb", "ChannelBindings", true);
        block.setAttributeNS(null, "Type", binding.type());
        block.setTextContent(Base64.getEncoder().encodeToString(binding.value()));
        writer.add(block);
    }

    /** Writes a {@code paos:Response} block, with {@code refToMessageID} when the request had a messageID. */
    static void writePaosResponse(EnvelopeWriter writer, Optional<String> refToMessageId) {
        Element block = writer.block(EcpNamespaces.PAOS, "paos", "Response", true);
        refToMessageId.ifPresent(v -> block.setAttributeNS(null, "refToMessageID", v));
        writer.add(block);
    }
}
