package dev.samlec.testkit;

import static dev.samlec.testkit.SamlObjects.build;

import dev.samlec.mech.internal.xml.XmlWriter;
import java.util.Base64;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.ext.samlec.GeneratedKey;
import org.opensaml.saml.saml2.ecp.RequestAuthenticated;
import org.opensaml.soap.soap11.ActorBearing;
import org.opensaml.soap.soap11.Body;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Fault;
import org.opensaml.soap.soap11.FaultCode;
import org.opensaml.soap.soap11.FaultString;
import org.opensaml.soap.soap11.Header;
import org.w3c.dom.Element;

/** The SOAP 1.1 envelopes the IdP answers with: an ECP response (ECP profile step 6) or a fault. */
final class SoapMessages {
    private SoapMessages() {
    }

    /**
     * Header {@code ecp:Response} (AssertionConsumerServiceURL = the ACS), then {@code ecp:RequestAuthenticated} when
     * the IdP verified the SP's signed request, then the matched {@code cb:ChannelBindings} if any (each block
     * mustUnderstand="1", actor next); the samlp:Response as the Body, signed once the envelope is marshalled
     * ({@link ResponseIssuer.IssuedResponse#sign()}), serialised without re-indentation so the signatures survive.
     * Never {@code samlec:Delegated}: the demo IdP does not delegate.
     */
    static byte[] ecpResponse(String acs, ResponseIssuer.IssuedResponse response, boolean requestAuthenticated,
            Optional<ChannelBindingValue> channelBinding) throws MarshallingException, SoapFaultException {
        return ecpResponse(acs, response, requestAuthenticated, channelBinding, Optional.empty());
    }

    /**
     * As above, plus the client's copy of the session key as a {@code samlec:GeneratedKey} header block (actor next,
     * mustUnderstand left out, as the schema allows: an ECP client that knows nothing of SAML-EC drops it).
     */
    static byte[] ecpResponse(String acs, ResponseIssuer.IssuedResponse response, boolean requestAuthenticated,
            Optional<ChannelBindingValue> channelBinding, Optional<byte[]> sessionKey)
            throws MarshallingException, SoapFaultException {
        org.opensaml.saml.saml2.ecp.Response ecp = build(org.opensaml.saml.saml2.ecp.Response.DEFAULT_ELEMENT_NAME);
        ecp.setAssertionConsumerServiceURL(acs);
        ecp.setSOAP11MustUnderstand(true);
        ecp.setSOAP11Actor(ActorBearing.SOAP11_ACTOR_NEXT);
        Header header = build(Header.DEFAULT_ELEMENT_NAME);
        header.getUnknownXMLObjects().add(ecp);
        if (requestAuthenticated) {
            RequestAuthenticated authenticated = build(RequestAuthenticated.DEFAULT_ELEMENT_NAME);
            authenticated.setSOAP11MustUnderstand(true);
            authenticated.setSOAP11Actor(ActorBearing.SOAP11_ACTOR_NEXT);
            header.getUnknownXMLObjects().add(authenticated);
        }
        if (channelBinding.isPresent()) {
            ChannelBindings cb = build(ChannelBindings.DEFAULT_ELEMENT_NAME);
            cb.setType(channelBinding.get().type());
            cb.setValue(channelBinding.get().base64());
            cb.setSOAP11MustUnderstand(true);
            cb.setSOAP11Actor(ActorBearing.SOAP11_ACTOR_NEXT);
            header.getUnknownXMLObjects().add(cb);
        }
        if (sessionKey.isPresent()) {
            GeneratedKey key = build(GeneratedKey.DEFAULT_ELEMENT_NAME);
            key.setValue(Base64.getEncoder().encodeToString(sessionKey.get()));
            key.setSOAP11Actor(ActorBearing.SOAP11_ACTOR_NEXT);
            header.getUnknownXMLObjects().add(key);
        }
        Body body = build(Body.DEFAULT_ELEMENT_NAME);
        body.getUnknownXMLObjects().add(response.response());
        Envelope envelope = build(Envelope.DEFAULT_ELEMENT_NAME);
        envelope.setHeader(header);
        envelope.setBody(body);
        Element dom = XMLObjectSupport.marshall(envelope);
        response.sign();
        return XmlWriter.toBytes(dom);
    }

    /** A SOAP fault with code {@code S:<code>} and a fault string safe to show the client. */
    static byte[] fault(SoapFaultException.Code code, String faultString) {
        FaultCode faultCode = build(FaultCode.DEFAULT_ELEMENT_NAME);
        faultCode.setValue(new QName(Envelope.DEFAULT_ELEMENT_NAME.getNamespaceURI(), code.name(),
                Envelope.DEFAULT_ELEMENT_NAME.getPrefix()));
        FaultString message = build(FaultString.DEFAULT_ELEMENT_NAME);
        message.setValue(faultString);
        Fault fault = build(Fault.DEFAULT_ELEMENT_NAME);
        fault.setCode(faultCode);
        fault.setMessage(message);
        Body body = build(Body.DEFAULT_ELEMENT_NAME);
        body.getUnknownXMLObjects().add(fault);
        Envelope envelope = build(Envelope.DEFAULT_ELEMENT_NAME);
        envelope.setBody(body);
        try {
            return XmlWriter.toBytes(XMLObjectSupport.marshall(envelope));
        } catch (MarshallingException e) {
            throw new IllegalStateException("a SOAP fault could not be marshalled", e);
        }
    }
}
