package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a PAOS request (SAML profiles 4.2.4.2, ECP 2.0 section 2.3.2) from a parsed envelope and applies the
 * header rules: paos:Request, ecp:Request and ecp:RelayState must carry mustUnderstand="1" and actor=next; an
 * unknown block that must be understood by us is refused; the body holds exactly one samlp:AuthnRequest.
 */
final class PaosRequestReader {
    static final String WHAT = "PAOS request";

    private Element paosRequest;
    private EcpRequestHeader ecpRequest;
    private String relayState;
    private final List<Integer> encTypes = new ArrayList<>();
    private Element channelBindings;

    private PaosRequestReader() {
    }

    /** Whether a parsed document is a SOAP 1.1 envelope with a paos:Request header block. */
    static boolean isChallenge(Document doc) {
        if (!SoapEnvelope.isSoap11Envelope(doc)) {
            return false;
        }
        Element header = null;
        for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                header = (Element) n;
                break;
            }
        }
        return header != null && Dom.is(header, EcpNamespaces.SOAP11, "Header")
                && !Dom.children(header, EcpNamespaces.PAOS, "Request").isEmpty();
    }

    static PaosRequest read(Document doc, byte[] bytes) throws EcpException {
        SoapEnvelope envelope = SoapEnvelope.read(doc, WHAT);
        PaosRequestReader reader = new PaosRequestReader();
        for (Element block : envelope.headerBlocks()) {
            reader.accept(block);
        }
        if (reader.paosRequest == null) {
            throw Dom.malformed(WHAT + ": no paos:Request header block");
        }
        if (reader.ecpRequest == null) {
            throw Dom.malformed(WHAT + ": no ecp:Request header block");
        }
        String responseConsumerUrl = Dom.requiredAttribute(reader.paosRequest, "responseConsumerURL", WHAT);
        String service = Dom.requiredAttribute(reader.paosRequest, "service", WHAT);
        if (!EcpNamespaces.ECP.equals(service)) {
            throw Dom.malformed(WHAT + ": paos:Request service must be '" + EcpNamespaces.ECP + "', was '"
                    + Dom.shorten(service) + "'");
        }
        Element body = envelope.singleBodyChild(WHAT);
        if (!Dom.is(body, EcpNamespaces.SAMLP, "AuthnRequest")) {
            throw Dom.malformed(WHAT + ": S:Body holds " + Dom.name(body) + ", expected samlp:AuthnRequest");
        }
        Optional<String> cbType = reader.channelBindings == null ? Optional.empty()
                : HeaderBlocks.readChannelBindingsType(reader.channelBindings);
        return new PaosRequest(bytes, responseConsumerUrl, service,
                Dom.attribute(reader.paosRequest, "messageID"), reader.ecpRequest,
                Optional.ofNullable(reader.relayState), reader.encTypes, cbType, AuthnRequestBody.of(body));
    }

    private void accept(Element block) throws EcpException {
        if (Dom.is(block, EcpNamespaces.PAOS, "Request")) {
            SoapEnvelope.requireFirst(paosRequest, block, WHAT);
            SoapEnvelope.requireMustUnderstandForNext(block, WHAT);
            paosRequest = block;
        } else if (Dom.is(block, EcpNamespaces.ECP, "Request")) {
            SoapEnvelope.requireFirst(ecpRequest, block, WHAT);
            SoapEnvelope.requireMustUnderstandForNext(block, WHAT);
            ecpRequest = EcpRequestHeader.read(block);
        } else if (Dom.is(block, EcpNamespaces.ECP, "RelayState")) {
            SoapEnvelope.requireFirst(relayState, block, WHAT);
            relayState = HeaderBlocks.readRelayState(block, WHAT);
        } else if (Dom.is(block, EcpNamespaces.SAMLEC, "SessionKey")) {
            // draft-20 section 5.3: "one or more" blocks. One with an Algorithm offers a derivation samlec does not
            // implement (section 5.3.2, key agreement): its enctypes are read (so a malformed one still fails) but
            // not offered; those of the IdP-key blocks (no Algorithm) are merged in order, without repeats.
            List<Integer> offered = HeaderBlocks.readEncTypes(block, WHAT);
            if (!block.hasAttribute("Algorithm")) {
                offered.stream().filter(t -> !encTypes.contains(t)).forEach(encTypes::add);
            }
        } else if (Dom.is(block, EcpNamespaces.CB, "ChannelBindings")) {
            SoapEnvelope.requireFirst(channelBindings, block, WHAT);
            channelBindings = block;
        } else {
            SoapEnvelope.unknownBlock(block, WHAT);
        }
    }
}
