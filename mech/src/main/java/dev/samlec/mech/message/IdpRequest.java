package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.util.Arrays;
import java.util.Objects;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What an ECP client POSTs to its IdP's SOAP endpoint (SAML profiles 4.2.4.3): a SOAP 1.1 envelope whose body is
 * the SP's AuthnRequest exactly as received, and no header block at all (every SP block is removed).
 *
 * <p>The AuthnRequest is spliced in as {@linkplain AuthnRequestBody standalone bytes}: the namespaces that were
 * declared on the SP's envelope are declared on the request itself, so its prefixes resolve and a signature over
 * it still verifies. Nothing is pretty-printed.
 */
public final class IdpRequest {
    private static final String WHAT = "IdP request";

    private final byte[] envelope;
    private final AuthnRequestBody authnRequest;

    private IdpRequest(byte[] envelope, AuthnRequestBody authnRequest) {
        this.envelope = envelope.clone();
        this.authnRequest = authnRequest;
    }

    /** The envelope an ECP client sends to the IdP for this AuthnRequest. */
    public static IdpRequest of(AuthnRequestBody authnRequest) {
        byte[] bytes = new EnvelopeWriter().envelope(authnRequest.toBytes());
        try {
            return parse(bytes, EnvelopeWriter.parserFor(bytes));
        } catch (EcpException e) {
            throw EnvelopeWriter.bug(WHAT, e);
        }
    }

    /**
     * Parses an IdP request (the IdP side). Header blocks are allowed but any that must be understood is refused,
     * since this reader understands none.
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} unless the body is exactly one {@code samlp:AuthnRequest},
     *     {@code MUST_UNDERSTAND_VIOLATION}, or a parser error
     */
    public static IdpRequest parse(byte[] envelope, SecureXmlParser parser) throws EcpException {
        Document doc = parser.parse(envelope, WHAT);
        SoapEnvelope soap = SoapEnvelope.read(doc, WHAT);
        for (Element block : soap.headerBlocks()) {
            SoapEnvelope.unknownBlock(block, WHAT);
        }
        Element body = soap.singleBodyChild(WHAT);
        if (!Dom.is(body, EcpNamespaces.SAMLP, "AuthnRequest")) {
            throw Dom.malformed(WHAT + ": S:Body holds " + Dom.name(body) + ", expected samlp:AuthnRequest");
        }
        return new IdpRequest(envelope, AuthnRequestBody.of(body));
    }

    /** The envelope bytes; a copy. */
    public byte[] toBytes() {
        return envelope.clone();
    }

    /** The AuthnRequest in the body. */
    public AuthnRequestBody authnRequest() {
        return authnRequest;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IdpRequest)) {
            return false;
        }
        IdpRequest other = (IdpRequest) o;
        return Arrays.equals(envelope, other.envelope) && authnRequest.equals(other.authnRequest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(envelope), authnRequest);
    }

    @Override
    public String toString() {
        return "IdpRequest[" + authnRequest + "]";
    }
}
