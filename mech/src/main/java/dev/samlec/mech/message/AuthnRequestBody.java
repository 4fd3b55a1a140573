package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A {@code samlp:AuthnRequest} as standalone bytes, plus a few facts read from it.
 *
 * <p>The bytes are the element serialised on its own with every namespace that was in scope declared on it
 * ({@link XmlWriter#standalone}), so a signed request still verifies after it has been moved out of the SP's
 * envelope and into the one sent to the IdP; they are written when first asked for. The facts are read, not verified: the IdP decides whether the request
 * is acceptable.
 */
public final class AuthnRequestBody {
    private static final String WHAT = "AuthnRequest";

    /** The element, in the document it was read from (never handed out or changed). */
    private final Element element;
    /** {@link XmlWriter#standalone} of the element, written on first use. */
    private byte[] xml;
    private final String id;
    private final Optional<String> assertionConsumerServiceUrl;
    private final Optional<String> issuer;
    private final Optional<String> protocolBinding;
    private final boolean signed;

    private AuthnRequestBody(Element element, String id, Optional<String> assertionConsumerServiceUrl,
            Optional<String> issuer, Optional<String> protocolBinding, boolean signed) {
        this.element = element;
        this.id = id;
        this.assertionConsumerServiceUrl = assertionConsumerServiceUrl;
        this.issuer = issuer;
        this.protocolBinding = protocolBinding;
        this.signed = signed;
    }

    /**
     * Reads a standalone {@code samlp:AuthnRequest} document (the form a service builds before wrapping it into a
     * PAOS request). An XML declaration is allowed; the stored bytes are the re-serialised element.
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} if the root is not {@code samlp:AuthnRequest} or has no ID,
     *     or a parser error
     */
    public static AuthnRequestBody parse(byte[] authnRequest, SecureXmlParser parser) throws EcpException {
        Document doc = parser.parse(authnRequest, WHAT);
        return of(doc.getDocumentElement());
    }

    /**
     * Reads the AuthnRequest at {@code element}, wherever it sits in its document, without serialising it (a service
     * wrapping the request it has just marshalled); the element must not change afterwards.
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} if it is not a {@code samlp:AuthnRequest} with an ID
     */
    public static AuthnRequestBody of(Element element) throws EcpException {
        if (!Dom.is(element, EcpNamespaces.SAMLP, "AuthnRequest")) {
            throw Dom.malformed(WHAT + ": element is " + Dom.name(element) + ", expected samlp:AuthnRequest");
        }
        String id = Dom.requiredAttribute(element, "ID", WHAT);
        Optional<String> issuer = Optional.empty();
        Optional<Element> issuerElement = Dom.optionalChild(element, EcpNamespaces.SAML, "Issuer", WHAT);
        if (issuerElement.isPresent()) {
            issuer = Optional.of(Dom.requiredText(issuerElement.get(), WHAT));
        }
        boolean signed = !Dom.children(element, EcpNamespaces.DS, "Signature").isEmpty();
        return new AuthnRequestBody(element, id,
                Dom.attribute(element, "AssertionConsumerServiceURL"), issuer,
                Dom.attribute(element, "ProtocolBinding"), signed);
    }

    /** The standalone AuthnRequest bytes (UTF-8, no XML declaration); a copy. */
    public byte[] toBytes() {
        return bytes().clone();
    }

    /** The request as the root of a new document of its own, every in-scope namespace declared on it; a copy. */
    synchronized Document toDocument() {
        return XmlWriter.standaloneDocument(element);
    }

    private synchronized byte[] bytes() {
        if (xml == null) {
            xml = XmlWriter.standalone(element);
        }
        return xml;
    }

    /** The request's {@code ID} attribute. */
    public String id() {
        return id;
    }

    /** The {@code AssertionConsumerServiceURL} attribute, if present. */
    public Optional<String> assertionConsumerServiceUrl() {
        return assertionConsumerServiceUrl;
    }

    /** The text of the request's own {@code saml:Issuer} child, if present. */
    public Optional<String> issuer() {
        return issuer;
    }

    /** The {@code ProtocolBinding} attribute, if present. */
    public Optional<String> protocolBinding() {
        return protocolBinding;
    }

    /** Whether the request carries an enveloped {@code ds:Signature} child (not verified here). */
    public boolean signed() {
        return signed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AuthnRequestBody)) {
            return false;
        }
        AuthnRequestBody other = (AuthnRequestBody) o;
        return Arrays.equals(bytes(), other.bytes()) && id.equals(other.id)
                && assertionConsumerServiceUrl.equals(other.assertionConsumerServiceUrl)
                && issuer.equals(other.issuer) && protocolBinding.equals(other.protocolBinding)
                && signed == other.signed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes()), id);
    }

    @Override
    public String toString() {
        return "AuthnRequestBody[id=" + id + ", acs=" + assertionConsumerServiceUrl.orElse("-") + ", issuer="
                + issuer.orElse("-") + ", signed=" + signed + "]";
    }
}
