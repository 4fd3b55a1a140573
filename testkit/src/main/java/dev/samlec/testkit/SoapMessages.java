package dev.samlec.testkit;

import static dev.samlec.testkit.SamlObjects.build;

import dev.samlec.mech.internal.xml.XmlWriter;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.soap.soap11.ActorBearing;
import org.opensaml.soap.soap11.Body;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Fault;
import org.opensaml.soap.soap11.FaultCode;
import org.opensaml.soap.soap11.FaultString;
import org.opensaml.soap.soap11.Header;

/** The SOAP 1.1 envelopes the IdP answers with: an ECP response (ECP profile step 6) or a fault. */
final class SoapMessages {
    private SoapMessages() {
    }

    /**
     * Header {@code ecp:Response} (mustUnderstand="1", actor next, AssertionConsumerServiceURL = the ACS) and the
     * signed samlp:Response as the Body, serialised without re-indentation so the signatures survive.
     */
    static byte[] ecpResponse(String acs, Response response) throws MarshallingException {
        org.opensaml.saml.saml2.ecp.Response ecp = build(org.opensaml.saml.saml2.ecp.Response.DEFAULT_ELEMENT_NAME);
        ecp.setAssertionConsumerServiceURL(acs);
        ecp.setSOAP11MustUnderstand(true);
        ecp.setSOAP11Actor(ActorBearing.SOAP11_ACTOR_NEXT);
        Header header = build(Header.DEFAULT_ELEMENT_NAME);
        header.getUnknownXMLObjects().add(ecp);
        Body body = build(Body.DEFAULT_ELEMENT_NAME);
        body.getUnknownXMLObjects().add(response);
        Envelope envelope = build(Envelope.DEFAULT_ELEMENT_NAME);
        envelope.setHeader(header);
        envelope.setBody(body);
        return XmlWriter.toBytes(XMLObjectSupport.marshall(envelope));
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
