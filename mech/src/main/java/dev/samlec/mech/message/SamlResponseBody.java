package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A {@code samlp:Response} as standalone bytes, plus read-only routing facts for error reporting.
 *
 * <p>The bytes are the element serialised on its own with every in-scope namespace declared on it
 * ({@link XmlWriter#standalone}); the content is unchanged, so the IdP's signatures still verify wherever the
 * element is spliced. A body read out of an envelope keeps the parsed element and writes those bytes only when
 * they are asked for; {@link #toDocument()} hands a validator the same content as a document of its own without
 * serialising and parsing it again, and {@link #releaseDocument()} does so without even copying, for a body used once.
 *
 * <p><b>Nothing here is verified.</b> {@link #id()}, {@link #inResponseTo()}, {@link #issuer()} and the status
 * fields are read from an unsigned view of the message so that a client can say why a login failed. Only the
 * service-side validator, after checking signatures, decides what the response means; never base a trust
 * decision on these accessors.
 */
public final class SamlResponseBody {
    private static final String WHAT = "SAML Response";

    /** The parsed element, in the document it was parsed into (never changed; handed out only by release). */
    private final Element element;
    /** Whether {@link #releaseDocument()} gave the element's document away. */
    private boolean released;
    /** {@link XmlWriter#standalone} of the element, written on first use. */
    private byte[] xml;
    private final String id;
    private final Optional<String> inResponseTo;
    private final Optional<String> issuer;
    private final String statusCode;
    private final Optional<String> subStatusCode;
    private final Optional<String> statusMessage;
    private final boolean containsAssertion;
    private final List<String> assertionIssuers;

    private SamlResponseBody(Element element, String id, Optional<String> inResponseTo, Optional<String> issuer,
            String statusCode, Optional<String> subStatusCode, Optional<String> statusMessage,
            boolean containsAssertion, List<String> assertionIssuers) {
        this.element = element;
        this.id = id;
        this.inResponseTo = inResponseTo;
        this.issuer = issuer;
        this.statusCode = statusCode;
        this.subStatusCode = subStatusCode;
        this.statusMessage = statusMessage;
        this.containsAssertion = containsAssertion;
        this.assertionIssuers = List.copyOf(assertionIssuers);
    }

    /**
     * Reads a standalone {@code samlp:Response} document (what an IdP builds before wrapping it in SOAP).
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} if the root is not {@code samlp:Response}, has no ID or no
     *     status code, or a parser error
     */
    public static SamlResponseBody parse(byte[] response, SecureXmlParser parser) throws EcpException {
        Document doc = parser.parse(response, WHAT);
        return of(doc.getDocumentElement());
    }

    /** Reads the Response at {@code element}, wherever it sits in its document. */
    static SamlResponseBody of(Element element) throws EcpException {
        if (!Dom.is(element, EcpNamespaces.SAMLP, "Response")) {
            throw Dom.malformed(WHAT + ": element is " + Dom.name(element) + ", expected samlp:Response");
        }
        String id = Dom.requiredAttribute(element, "ID", WHAT);
        Optional<String> issuer = Optional.empty();
        Optional<Element> issuerElement = Dom.optionalChild(element, EcpNamespaces.SAML, "Issuer", WHAT);
        if (issuerElement.isPresent()) {
            issuer = Optional.of(Dom.requiredText(issuerElement.get(), WHAT));
        }
        Element status = Dom.optionalChild(element, EcpNamespaces.SAMLP, "Status", WHAT)
                .orElseThrow(() -> Dom.malformed(WHAT + ": no samlp:Status"));
        Element code = Dom.optionalChild(status, EcpNamespaces.SAMLP, "StatusCode", WHAT)
                .orElseThrow(() -> Dom.malformed(WHAT + ": samlp:Status has no samlp:StatusCode"));
        Optional<String> subCode = Optional.empty();
        Optional<Element> sub = Dom.optionalChild(code, EcpNamespaces.SAMLP, "StatusCode", WHAT);
        if (sub.isPresent()) {
            subCode = Optional.of(Dom.requiredAttribute(sub.get(), "Value", WHAT));
        }
        Optional<String> message = Optional.empty();
        Optional<Element> messageElement = Dom.optionalChild(status, EcpNamespaces.SAMLP, "StatusMessage", WHAT);
        if (messageElement.isPresent()) {
            message = Optional.of(Dom.text(messageElement.get(), WHAT));
        }
        List<String> assertionIssuers = new ArrayList<>();
        for (Element assertion : Dom.children(element, EcpNamespaces.SAML, "Assertion")) {
            Optional<Element> assertionIssuer = Dom.optionalChild(assertion, EcpNamespaces.SAML, "Issuer", WHAT);
            if (assertionIssuer.isPresent()) {
                assertionIssuers.add(Dom.text(assertionIssuer.get(), WHAT));
            }
        }
        boolean assertion = !Dom.children(element, EcpNamespaces.SAML, "Assertion").isEmpty()
                || !Dom.children(element, EcpNamespaces.SAML, "EncryptedAssertion").isEmpty();
        return new SamlResponseBody(element, id, Dom.attribute(element, "InResponseTo"),
                issuer, Dom.requiredAttribute(code, "Value", WHAT), subCode, message, assertion, assertionIssuers);
    }

    /**
     * The standalone Response bytes (UTF-8, no XML declaration); a copy.
     *
     * @throws IllegalStateException after {@link #releaseDocument()}, unless the bytes were written before
     */
    public byte[] toBytes() {
        return bytes().clone();
    }

    /**
     * The Response as the root of a new document of its own, every namespace in scope declared on it: the same
     * infoset as parsing {@link #toBytes()}, and nothing of the envelope around it (a signature cannot reach an ID
     * outside the Response). Each call returns a new copy, so the caller may hand it to a validator that modifies
     * it.
     *
     * @throws IllegalStateException after {@link #releaseDocument()}
     */
    public synchronized Document toDocument() {
        requireHeld();
        return XmlWriter.standaloneDocument(element);
    }

    /**
     * The same document as {@link #toDocument()}, but made of the parsed document itself instead of a copy: the
     * Response becomes its root and the envelope around it is discarded. For a caller that validates the body once
     * and keeps no other use for it ({@code PaosServiceProvider.consume}, the SAML20EC server), saving a copy of
     * the whole Response. The values read at parse time stay readable; {@link #toDocument()}, a second release and
     * {@link #toBytes()} (unless already written) throw {@link IllegalStateException}, because the document is the
     * caller's now; {@link #hashCode()} stays the same, and a released body whose bytes were never written equals
     * only itself.
     */
    public synchronized Document releaseDocument() {
        requireHeld();
        released = true;
        return XmlWriter.detachAsDocument(element);
    }

    private void requireHeld() {
        if (released) {
            throw new IllegalStateException("this SAML Response body gave its document to a validator"
                    + " (releaseDocument); read the values, or parse the message again");
        }
    }

    /** The standalone bytes, or null once released without them. */
    private synchronized byte[] bytesIfHeld() {
        return released && xml == null ? null : bytes();
    }

    private synchronized byte[] bytes() {
        if (xml == null) {
            requireHeld();
            xml = XmlWriter.standalone(element);
        }
        return xml;
    }

    /** The Response {@code ID} (unverified). */
    public String id() {
        return id;
    }

    /** The Response {@code InResponseTo} (unverified). */
    public Optional<String> inResponseTo() {
        return inResponseTo;
    }

    /** The text of the Response's own {@code saml:Issuer} (unverified). */
    public Optional<String> issuer() {
        return issuer;
    }

    /** The {@code saml:Issuer} text of each unencrypted Assertion directly in the Response (unverified). */
    public List<String> assertionIssuers() {
        return assertionIssuers;
    }

    /** The top-level status code URI (unverified). */
    public String statusCode() {
        return statusCode;
    }

    /** The second-level status code URI, if any (unverified). */
    public Optional<String> subStatusCode() {
        return subStatusCode;
    }

    /** The {@code samlp:StatusMessage} text, if any (unverified, peer-supplied: shorten before showing). */
    public Optional<String> statusMessage() {
        return statusMessage;
    }

    /** Whether the top-level status is Success (unverified). */
    public boolean isSuccess() {
        return EcpNamespaces.STATUS_SUCCESS.equals(statusCode);
    }

    /** Whether the Response has a direct {@code saml:Assertion} or {@code saml:EncryptedAssertion} child. */
    public boolean containsAssertion() {
        return containsAssertion;
    }

    /** The status for messages: the last segment of each code, e.g. {@code Responder/NoPassive}. */
    public String describeStatus() {
        return shortCode(statusCode) + subStatusCode.map(s -> "/" + shortCode(s)).orElse("");
    }

    private static String shortCode(String uri) {
        int colon = uri.lastIndexOf(':');
        return Dom.shorten(colon >= 0 && colon < uri.length() - 1 ? uri.substring(colon + 1) : uri);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SamlResponseBody)) {
            return false;
        }
        SamlResponseBody other = (SamlResponseBody) o;
        byte[] mine = bytesIfHeld();
        byte[] theirs = other.bytesIfHeld();
        // A released body whose bytes were never written has no content left to compare: it equals only itself.
        return mine != null && theirs != null && Arrays.equals(mine, theirs) && id.equals(other.id)
                && inResponseTo.equals(other.inResponseTo) && issuer.equals(other.issuer)
                && statusCode.equals(other.statusCode) && subStatusCode.equals(other.subStatusCode)
                && statusMessage.equals(other.statusMessage)
                && containsAssertion == other.containsAssertion && assertionIssuers.equals(other.assertionIssuers);
    }

    @Override
    public int hashCode() {
        // Not the bytes: the hash must not change (or fail) when the document is released.
        return Objects.hash(id, inResponseTo, statusCode);
    }

    @Override
    public String toString() {
        return "SamlResponseBody[id=" + id + ", status=" + describeStatus() + ", issuer=" + issuer.orElse("-") + "]";
    }
}
