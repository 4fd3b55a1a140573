package dev.samlec.testkit;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.testkit.SoapFaultException.Code;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.soap.soap11.ActorBearing;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Header;
import org.w3c.dom.Element;

/**
 * Reads the SOAP 1.1 envelope an ECP client posts (ECP profile step 4): parsed with samlec's hardened parser,
 * unmarshalled with OpenSAML; the Body must hold exactly one samlp:AuthnRequest with an ID, Version 2.0 and an
 * Issuer, and a PAOS (or SAML-EC) ProtocolBinding if any. The one header block understood is the client's
 * {@code cb:ChannelBindings} (at most one, with a Type and a non-empty base64 value, else a Client fault) and
 * {@code ecp:SubjectConfirmation} (ECP 2.0: its Method asks for a holder-of-key assertion; any SubjectConfirmationData
 * in it is ignored, see {@link HolderOfKeyBinding}); any other block addressed to this node with mustUnderstand="1"
 * gives a MustUnderstand fault.
 */
final class EcpRequestReader {
    static final int MAX_REQUEST_BYTES = SecureXmlParser.DEFAULT_MAX_BYTES;
    private static final String SAMLEC_BINDING = "urn:ietf:params:xml:ns:samlec";
    private static final Set<String> BINDINGS = Set.of(SAMLConstants.SAML2_PAOS_BINDING_URI, SAMLEC_BINDING);

    private final SecureXmlParser parser = new SecureXmlParser(MAX_REQUEST_BYTES);

    EcpRequest read(byte[] body) throws SoapFaultException {
        Element root;
        try {
            root = parser.parse(body, "ECP request").getDocumentElement();
        } catch (EcpException e) {
            throw new SoapFaultException(Code.Client, e.getMessage(), e);
        }
        if (!Envelope.DEFAULT_ELEMENT_NAME.getNamespaceURI().equals(root.getNamespaceURI())
                || !Envelope.DEFAULT_ELEMENT_LOCAL_NAME.equals(root.getLocalName())) {
            throw new SoapFaultException(Code.Client, "the request is not a SOAP 1.1 Envelope");
        }
        Envelope envelope;
        try {
            envelope = (Envelope) XMLObjectSupport.getUnmarshaller(root).unmarshall(root);
        } catch (Exception e) {
            throw new SoapFaultException(Code.Client, "the SOAP envelope cannot be read: " + e.getMessage(), e);
        }
        Optional<ChannelBindingValue> channelBinding = readHeaders(envelope.getHeader());
        boolean holderOfKey = HolderOfKeyBinding.requested(envelope.getHeader());
        List<XMLObject> content = envelope.getBody() == null ? List.of() : envelope.getBody().getUnknownXMLObjects();
        if (content.size() != 1 || !(content.get(0) instanceof AuthnRequest)) {
            throw new SoapFaultException(Code.Client, "the SOAP Body must hold exactly one samlp:AuthnRequest");
        }
        return toRequest((AuthnRequest) content.get(0), channelBinding).holderOfKey(holderOfKey);
    }

    private static Optional<ChannelBindingValue> readHeaders(Header header) throws SoapFaultException {
        if (header == null) {
            return Optional.empty();
        }
        String soapNs = Envelope.DEFAULT_ELEMENT_NAME.getNamespaceURI();
        ChannelBindingValue channelBinding = null;
        for (XMLObject block : header.getUnknownXMLObjects()) {
            if (block instanceof ChannelBindings) {
                if (channelBinding != null) {
                    throw new SoapFaultException(Code.Client, "the request holds more than one cb:ChannelBindings"
                            + " header block");
                }
                channelBinding = ChannelBindingValue.read((ChannelBindings) block).orElseThrow(() ->
                        new SoapFaultException(Code.Client, "the cb:ChannelBindings header block needs a Type and a"
                                + " non-empty base64 value"));
                continue;
            }
            if (HolderOfKeyBinding.isConfirmationBlock(block)) {
                continue;
            }
            // Read from the DOM: unknown header types unmarshal as XSAny, which has no mustUnderstand accessor.
            Element element = block.getDOM();
            String mustUnderstand = element == null ? "" : element.getAttributeNS(soapNs, "mustUnderstand");
            String actor = element == null ? "" : element.getAttributeNS(soapNs, "actor");
            boolean forUs = actor.isEmpty() || ActorBearing.SOAP11_ACTOR_NEXT.equals(actor);
            if (("1".equals(mustUnderstand) || "true".equals(mustUnderstand)) && forUs) {
                throw new SoapFaultException(Code.MustUnderstand, "header block "
                        + block.getElementQName() + " is not understood by this IdP");
            }
        }
        return Optional.ofNullable(channelBinding);
    }

    private static EcpRequest toRequest(AuthnRequest request, Optional<ChannelBindingValue> channelBinding)
            throws SoapFaultException {
        if (request.getID() == null || request.getID().isBlank()) {
            throw new SoapFaultException(Code.Client, "the AuthnRequest has no ID");
        }
        if (!SAMLVersion.VERSION_20.equals(request.getVersion())) {
            throw new SoapFaultException(Code.Client, "the AuthnRequest Version is not 2.0");
        }
        if (request.getIssuer() == null || request.getIssuer().getValue() == null
                || request.getIssuer().getValue().isBlank()) {
            throw new SoapFaultException(Code.Client, "the AuthnRequest has no Issuer");
        }
        String binding = request.getProtocolBinding();
        if (binding != null && !BINDINGS.contains(binding)) {
            throw new SoapFaultException(Code.Client, "ProtocolBinding " + binding + " is not supported over ECP");
        }
        return new EcpRequest(request, request.getIssuer().getValue().trim(), channelBinding);
    }
}
