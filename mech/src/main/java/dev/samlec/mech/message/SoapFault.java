package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SOAP 1.1 fault ({@code S:Fault} with {@code faultcode}, {@code faultstring} and an optional {@code detail}).
 *
 * <p>An ECP client sends one to the SP instead of the IdP's response when it must not forward it (an ACS mismatch);
 * an IdP or SP may answer with one. Fault text from a peer is untrusted: shorten it before showing it.
 * Equality compares the fault code as a namespace-qualified name (prefixes do not matter), the fault string and
 * the detail text.
 */
public final class SoapFault {
    /** The fault string samlec's client uses when it has nothing more specific to say. */
    public static final String GENERAL_FAILURE = "General Failure";

    private static final String WHAT = "SOAP fault";

    private final QName faultCode;
    private final String faultString;
    private final Optional<String> detail;

    private SoapFault(QName faultCode, String faultString, Optional<String> detail) {
        this.faultCode = Objects.requireNonNull(faultCode, "faultCode");
        this.faultString = Objects.requireNonNull(faultString, "faultString");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** A fault with the given code, string and optional detail text. */
    public static SoapFault of(QName faultCode, String faultString, Optional<String> detail) {
        return new SoapFault(faultCode, faultString, detail);
    }

    /** An {@code S:Server} fault (the sender could not process the exchange) with this fault string. */
    public static SoapFault serverFault(String faultString) {
        return new SoapFault(new QName(EcpNamespaces.SOAP11, "Server", "S"), faultString, Optional.empty());
    }

    /**
     * Parses an envelope whose body is a SOAP fault (header blocks are not read).
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} if the body is not exactly one {@code S:Fault} with a
     *     faultcode, or a parser error
     */
    public static SoapFault parse(byte[] envelope, SecureXmlParser parser) throws EcpException {
        Document doc = parser.parse(envelope, WHAT);
        Element body = SoapEnvelope.read(doc, WHAT).singleBodyChild(WHAT);
        if (!isFault(body)) {
            throw Dom.malformed(WHAT + ": S:Body holds " + Dom.name(body) + ", expected S:Fault");
        }
        return of(body);
    }

    static boolean isFault(Element element) {
        return Dom.is(element, EcpNamespaces.SOAP11, "Fault");
    }

    /**
     * Reads an {@code S:Fault} element. SOAP 1.1 fault children are unqualified; children qualified with the SOAP
     * namespace, as some servers write them, are accepted too. A missing faultstring reads as empty.
     */
    static SoapFault of(Element fault) throws EcpException {
        Element code = null;
        Element string = null;
        Element detail = null;
        for (Element child : Dom.elementChildren(fault, WHAT)) {
            String ns = child.getNamespaceURI();
            if (ns != null && !EcpNamespaces.SOAP11.equals(ns)) {
                continue;
            }
            switch (child.getLocalName()) {
                case "faultcode": code = code == null ? child : code; break;
                case "faultstring": string = string == null ? child : string; break;
                case "detail": detail = detail == null ? child : detail; break;
                default: break;
            }
        }
        if (code == null) {
            throw Dom.malformed(WHAT + ": S:Fault has no faultcode");
        }
        return new SoapFault(resolve(code), string == null ? "" : Dom.text(string, WHAT),
                detail == null ? Optional.empty() : Optional.of(detail.getTextContent()));
    }

    private static QName resolve(Element code) throws EcpException {
        String text = Dom.requiredText(code, WHAT);
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? null : text.substring(0, colon);
        String local = text.substring(colon + 1);
        String ns = code.lookupNamespaceURI(prefix);
        if (ns == null && prefix != null) {
            throw Dom.malformed(WHAT + ": faultcode prefix '" + Dom.shorten(prefix) + "' is not declared");
        }
        return new QName(ns == null ? XMLConstants.NULL_NS_URI : ns, local,
                prefix == null ? XMLConstants.DEFAULT_NS_PREFIX : prefix);
    }

    /** The fault code as a qualified name, e.g. {@code {http://schemas.xmlsoap.org/soap/envelope/}Server}. */
    public QName faultCode() {
        return faultCode;
    }

    /** The fault string (peer-supplied when parsed). */
    public String faultString() {
        return faultString;
    }

    /** The text content of {@code detail}, if present. */
    public Optional<String> detail() {
        return detail;
    }

    /** The whole envelope holding this fault as its body, with no header blocks. */
    public byte[] toBytes() {
        return new EnvelopeWriter().envelope(elementBytes());
    }

    /** The {@code S:Fault} element alone, declaring its own prefixes. */
    byte[] elementBytes() {
        Document doc = EnvelopeWriter.newDocument();
        Element fault = doc.createElementNS(EcpNamespaces.SOAP11, "S:Fault");
        doc.appendChild(fault);
        fault.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:S", EcpNamespaces.SOAP11);
        Element code = doc.createElementNS(null, "faultcode");
        fault.appendChild(code);
        if (EcpNamespaces.SOAP11.equals(faultCode.getNamespaceURI())) {
            code.setTextContent("S:" + faultCode.getLocalPart());
        } else if (faultCode.getNamespaceURI().isEmpty()) {
            code.setTextContent(faultCode.getLocalPart());
        } else {
            code.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:fc", faultCode.getNamespaceURI());
            code.setTextContent("fc:" + faultCode.getLocalPart());
        }
        Element string = doc.createElementNS(null, "faultstring");
        string.setTextContent(faultString);
        fault.appendChild(string);
        detail.ifPresent(text -> {
            Element d = doc.createElementNS(null, "detail");
            d.setTextContent(text);
            fault.appendChild(d);
        });
        return XmlWriter.toBytes(fault);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SoapFault)) {
            return false;
        }
        SoapFault other = (SoapFault) o;
        return faultCode.equals(other.faultCode) && faultString.equals(other.faultString)
                && detail.equals(other.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(faultCode, faultString, detail);
    }

    @Override
    public String toString() {
        return "SoapFault[" + faultCode + ": " + Dom.shorten(faultString) + "]";
    }
}
