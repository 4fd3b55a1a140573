package dev.samlec.mech.message;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What an ECP client POSTs to its IdP's SOAP endpoint (SAML profiles 4.2.4.3): a SOAP 1.1 envelope whose body is
 * the SP's AuthnRequest exactly as received. Every SP header block is removed; the only block is the client's own
 * optional channel binding (ECP 2.0, SAML20EC-PLUS):
 * {@code <cb:ChannelBindings S:mustUnderstand="1" S:actor="next" Type="T">base64</cb:ChannelBindings>}, and the
 * request for a holder-of-key assertion (ECP 2.0):
 * {@code <ecp:SubjectConfirmation S:mustUnderstand="1" S:actor="next" Method="urn:...:cm:holder-of-key"/>}, without
 * SubjectConfirmationData: the IdP binds the key the client proved to it (its TLS client certificate there), never
 * a key the client merely names.
 *
 * <p>The AuthnRequest is spliced in as {@linkplain AuthnRequestBody standalone bytes}: the namespaces that were
 * declared on the SP's envelope are declared on the request itself, so its prefixes resolve and a signature over
 * it still verifies. Nothing is pretty-printed.
 */
public final class IdpRequest {
    private static final String WHAT = "IdP request";
    /** The holder-of-key SubjectConfirmation method (SAML V2.0 Holder-of-Key Assertion Profile). */
    public static final String HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";

    private final byte[] envelope;
    private final AuthnRequestBody authnRequest;
    private final Optional<ChannelBinding> channelBinding;
    private final boolean holderOfKey;

    private IdpRequest(byte[] envelope, AuthnRequestBody authnRequest, Optional<ChannelBinding> channelBinding,
            boolean holderOfKey) {
        this.envelope = envelope.clone();
        this.authnRequest = authnRequest;
        this.channelBinding = channelBinding;
        this.holderOfKey = holderOfKey;
    }

    /** The envelope an ECP client sends to the IdP for this AuthnRequest, without a channel binding. */
    public static IdpRequest of(AuthnRequestBody authnRequest) {
        return of(authnRequest, Optional.empty());
    }

    /**
     * The envelope an ECP client sends to the IdP for this AuthnRequest, with the client's view of its channel to
     * the service as a {@code cb:ChannelBindings} header block when {@code channelBinding} is present.
     */
    public static IdpRequest of(AuthnRequestBody authnRequest, Optional<ChannelBinding> channelBinding) {
        return of(authnRequest, channelBinding, false);
    }

    /**
     * As {@link #of(AuthnRequestBody, Optional)}, and when {@code holderOfKey} with an {@code ecp:SubjectConfirmation}
     * block asking for a holder-of-key assertion bound to the key the client authenticates to the IdP with.
     */
    public static IdpRequest of(AuthnRequestBody authnRequest, Optional<ChannelBinding> channelBinding,
            boolean holderOfKey) {
        EnvelopeWriter writer = new EnvelopeWriter();
        channelBinding.ifPresent(cb -> HeaderBlocks.writeChannelBinding(writer, cb));
        if (holderOfKey) {
            Element block = writer.block(EcpNamespaces.ECP, "ecp", "SubjectConfirmation", true);
            block.setAttributeNS(null, "Method", HOLDER_OF_KEY);
            writer.add(block);
        }
        // Kept as written, not parsed back: IdpRequestTest parses every shape and compares.
        return new IdpRequest(writer.envelope(authnRequest.toBytes()), authnRequest, channelBinding, holderOfKey);
    }

    /**
     * Parses an IdP request (the IdP side). The one header block understood is {@code cb:ChannelBindings} (read
     * whatever its mustUnderstand/actor attributes); any other block that must be understood is refused.
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} unless the body is exactly one {@code samlp:AuthnRequest}, or
     *     for a second or malformed (no or bad Type, empty or non-base64 value) cb:ChannelBindings block;
     *     {@code MUST_UNDERSTAND_VIOLATION}; or a parser error
     */
    public static IdpRequest parse(byte[] envelope, SecureXmlParser parser) throws EcpException {
        Document doc = parser.parse(envelope, WHAT);
        SoapEnvelope soap = SoapEnvelope.read(doc, WHAT);
        ChannelBinding channelBinding = null;
        String confirmation = null;
        for (Element block : soap.headerBlocks()) {
            if (Dom.is(block, EcpNamespaces.CB, "ChannelBindings")) {
                SoapEnvelope.requireFirst(channelBinding, block, WHAT);
                channelBinding = HeaderBlocks.readChannelBinding(block, WHAT);
            } else if (Dom.is(block, EcpNamespaces.ECP, "SubjectConfirmation")) {
                SoapEnvelope.requireFirst(confirmation, block, WHAT);
                confirmation = Dom.requiredAttribute(block, "Method", WHAT);
            } else {
                SoapEnvelope.unknownBlock(block, WHAT);
            }
        }
        Element body = soap.singleBodyChild(WHAT);
        if (!Dom.is(body, EcpNamespaces.SAMLP, "AuthnRequest")) {
            throw Dom.malformed(WHAT + ": S:Body holds " + Dom.name(body) + ", expected samlp:AuthnRequest");
        }
        return new IdpRequest(envelope, AuthnRequestBody.of(body), Optional.ofNullable(channelBinding),
                HOLDER_OF_KEY.equals(confirmation));
    }

    /** The envelope bytes; a copy. */
    public byte[] toBytes() {
        return envelope.clone();
    }

    /** The AuthnRequest in the body. */
    public AuthnRequestBody authnRequest() {
        return authnRequest;
    }

    /** The client's channel binding from the {@code cb:ChannelBindings} header block, if sent. Unverified. */
    public Optional<ChannelBinding> channelBinding() {
        return channelBinding;
    }

    /** Whether the client asked for a holder-of-key assertion ({@code ecp:SubjectConfirmation}). */
    public boolean holderOfKeyRequested() {
        return holderOfKey;
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
        return Arrays.equals(envelope, other.envelope) && authnRequest.equals(other.authnRequest)
                && channelBinding.equals(other.channelBinding) && holderOfKey == other.holderOfKey;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(envelope), authnRequest);
    }

    @Override
    public String toString() {
        return "IdpRequest[" + authnRequest + channelBinding.map(cb -> ", " + cb).orElse("")
                + (holderOfKey ? ", holder-of-key" : "") + "]";
    }
}
