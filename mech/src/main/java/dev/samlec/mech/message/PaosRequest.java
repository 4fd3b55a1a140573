package dev.samlec.mech.message;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.XmlWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;

/**
 * The SP's challenge: a SOAP 1.1 envelope (PAOS binding) carrying the SAML AuthnRequest an ECP client relays to its
 * identity provider (SAML profiles 4.2.4.2; ECP 2.0 section 2.3.2; in SAML-EC, the server challenge).
 *
 * <pre>{@code
 * <S:Envelope>
 *   <S:Header>
 *     <paos:Request responseConsumerURL="..." service="urn:...:SSO:ecp" [messageID="..."] S:mustUnderstand="1" S:actor=next/>
 *     <ecp:Request [ProviderName] [IsPassive] S:mustUnderstand="1" S:actor=next><saml:Issuer/>[<samlp:IDPList/>]</ecp:Request>
 *     [<ecp:RelayState S:mustUnderstand="1" S:actor=next>opaque</ecp:RelayState>]
 *     [<samlec:SessionKey><samlec:EncType>17</samlec:EncType>...</samlec:SessionKey>]
 *     [<cb:ChannelBindings Type="..."/>]
 *   </S:Header>
 *   <S:Body><samlp:AuthnRequest .../></S:Body>
 * </S:Envelope>
 * }</pre>
 *
 * <p>Parsing enforces: paos:Request, ecp:Request and ecp:RelayState carry {@code S:mustUnderstand="1"} and
 * {@code S:actor} = next (else {@code MUST_UNDERSTAND_VIOLATION}); any other header block that must be understood
 * by this node is refused ({@code MUST_UNDERSTAND_VIOLATION}); {@code service} is the ECP URI;
 * {@code responseConsumerURL} is present; the body holds exactly one {@code samlp:AuthnRequest}
 * ({@code MALFORMED_MESSAGE} otherwise). Values are the SP's claims and are not verified here.
 *
 * <p>Immutable. {@link #toBytes()} returns the envelope exactly as it was parsed or built.
 */
public final class PaosRequest {
    private final byte[] envelope;
    private final String responseConsumerUrl;
    private final String service;
    private final Optional<String> messageId;
    private final EcpRequestHeader ecpRequest;
    private final Optional<String> relayState;
    private final List<Integer> sessionKeyEncTypes;
    private final Optional<String> channelBindingsType;
    private final AuthnRequestBody authnRequest;

    PaosRequest(byte[] envelope, String responseConsumerUrl, String service, Optional<String> messageId,
            EcpRequestHeader ecpRequest, Optional<String> relayState, List<Integer> sessionKeyEncTypes,
            Optional<String> channelBindingsType, AuthnRequestBody authnRequest) {
        this.envelope = envelope.clone();
        this.responseConsumerUrl = responseConsumerUrl;
        this.service = service;
        this.messageId = messageId;
        this.ecpRequest = ecpRequest;
        this.relayState = relayState;
        this.sessionKeyEncTypes = List.copyOf(sessionKeyEncTypes);
        this.channelBindingsType = channelBindingsType;
        this.authnRequest = authnRequest;
    }

    /**
     * Parses a PAOS request.
     *
     * @throws EcpException {@code MALFORMED_MESSAGE}, {@code MUST_UNDERSTAND_VIOLATION} or a parser error
     *     ({@code MALFORMED_XML}, {@code DTD_FORBIDDEN}, {@code MESSAGE_TOO_LARGE})
     */
    public static PaosRequest parse(byte[] envelope, SecureXmlParser parser) throws EcpException {
        Document doc = parser.parse(envelope, PaosRequestReader.WHAT);
        return PaosRequestReader.read(doc, envelope);
    }

    /**
     * Parses {@code body} as a PAOS request if it is one, for an HTTP client that must tell a challenge from an
     * ordinary page: empty when the body is not XML, too large, or not a SOAP 1.1 envelope with a
     * {@code paos:Request} header block. A body that does not even contain the PAOS namespace URI is not parsed at
     * all (ordinary pages then cost nothing and leave no parser errors in the log).
     *
     * @throws EcpException when it is a PAOS request but breaks the rules listed on this class
     */
    public static Optional<PaosRequest> parseIfChallenge(byte[] body, SecureXmlParser parser) throws EcpException {
        if (body == null || body.length == 0 || body.length > parser.maxBytes()
                || !Dom.mentions(body, EcpNamespaces.PAOS)) {
            return Optional.empty();
        }
        Document doc;
        try {
            doc = parser.parse(body, PaosRequestReader.WHAT);
        } catch (EcpException e) {
            if (e.error() == EcpError.MALFORMED_XML) {
                return Optional.empty(); // a page that merely mentions PAOS
            }
            throw e; // well-formed but refused (nesting, DTD): a hostile challenge, not content to show
        }
        if (!PaosRequestReader.isChallenge(doc)) {
            return Optional.empty();
        }
        return Optional.of(PaosRequestReader.read(doc, body));
    }

    /**
     * A builder for a service issuing challenges.
     *
     * @param authnRequest the AuthnRequest to carry (see {@link AuthnRequestBody#parse})
     * @param responseConsumerUrl where the client must send the answer; the AuthnRequest's
     *     AssertionConsumerServiceURL should be the same value
     * @param ecpRequest the ecp:Request content (at least the service's entity ID)
     */
    public static Builder builder(AuthnRequestBody authnRequest, String responseConsumerUrl,
            EcpRequestHeader ecpRequest) {
        return new Builder(authnRequest, responseConsumerUrl, ecpRequest);
    }

    /** The envelope bytes as parsed or built; a copy. */
    public byte[] toBytes() {
        return envelope.clone();
    }

    /** {@code paos:Request/@responseConsumerURL}: where the SP wants the IdP's response. */
    public String responseConsumerUrl() {
        return responseConsumerUrl;
    }

    /** {@code paos:Request/@service}; always the ECP URI {@link EcpNamespaces#ECP} once parsed. */
    public String service() {
        return service;
    }

    /** {@code paos:Request/@messageID}, echoed as {@code refToMessageID} in the answer; optional. */
    public Optional<String> messageId() {
        return messageId;
    }

    /** The ecp:Request header block. */
    public EcpRequestHeader ecpRequest() {
        return ecpRequest;
    }

    /** The exact text of {@code ecp:RelayState}, if the SP sent one; it must be echoed unchanged. */
    public Optional<String> relayState() {
        return relayState;
    }

    /** The RFC 3961 enctypes of {@code samlec:SessionKey} (SAML-EC), in the SP's order; empty if none. */
    public List<Integer> sessionKeyEncTypes() {
        return sessionKeyEncTypes;
    }

    /** The {@code Type} of a {@code cb:ChannelBindings} header block (ECP 2.0 channel binding), if present. */
    public Optional<String> channelBindingsType() {
        return channelBindingsType;
    }

    /** The AuthnRequest from the body, as standalone bytes. */
    public AuthnRequestBody authnRequest() {
        return authnRequest;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PaosRequest)) {
            return false;
        }
        PaosRequest other = (PaosRequest) o;
        return Arrays.equals(envelope, other.envelope) && responseConsumerUrl.equals(other.responseConsumerUrl)
                && service.equals(other.service) && messageId.equals(other.messageId)
                && ecpRequest.equals(other.ecpRequest) && relayState.equals(other.relayState)
                && sessionKeyEncTypes.equals(other.sessionKeyEncTypes)
                && channelBindingsType.equals(other.channelBindingsType) && authnRequest.equals(other.authnRequest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(envelope), responseConsumerUrl, messageId, authnRequest);
    }

    @Override
    public String toString() {
        return "PaosRequest[responseConsumerUrl=" + responseConsumerUrl + ", messageId=" + messageId.orElse("-")
                + ", issuer=" + ecpRequest.issuer() + ", relayState=" + (relayState.isPresent() ? "yes" : "no")
                + ", authnRequest=" + authnRequest.id() + "]";
    }

    /** Builds a PAOS request; {@link #build()} writes the envelope and reads it back. */
    public static final class Builder {
        private final AuthnRequestBody authnRequest;
        private final String responseConsumerUrl;
        private final EcpRequestHeader ecpRequest;
        private Optional<String> messageId = Optional.empty();
        private Optional<String> relayState = Optional.empty();
        private List<Integer> sessionKeyEncTypes = List.of();
        private Optional<String> channelBindingsType = Optional.empty();

        private Builder(AuthnRequestBody authnRequest, String responseConsumerUrl, EcpRequestHeader ecpRequest) {
            this.authnRequest = Objects.requireNonNull(authnRequest, "authnRequest");
            this.responseConsumerUrl = Objects.requireNonNull(responseConsumerUrl, "responseConsumerUrl");
            this.ecpRequest = Objects.requireNonNull(ecpRequest, "ecpRequest");
        }

        /** Sets {@code paos:Request/@messageID}. */
        public Builder messageId(String value) {
            this.messageId = Optional.of(value);
            return this;
        }

        /** Adds an {@code ecp:RelayState} with this exact text. */
        public Builder relayState(String value) {
            this.relayState = Optional.of(value);
            return this;
        }

        /** Adds a {@code samlec:SessionKey} offering these enctypes, in order of preference (SAML-EC). */
        public Builder sessionKeyEncTypes(List<Integer> encTypes) {
            this.sessionKeyEncTypes = List.copyOf(encTypes);
            return this;
        }

        /** Adds a {@code cb:ChannelBindings} header block of this type (ECP 2.0). */
        public Builder channelBindingsType(String type) {
            this.channelBindingsType = Optional.of(type);
            return this;
        }

        /**
         * Writes the envelope and reads it back, so the result is exactly what a peer parsing it will see (read from
         * the tree just written when {@link XmlWriter} writes it directly, which guarantees the same infoset; else
         * parsed from the bytes).
         *
         * @throws EcpException {@code MALFORMED_MESSAGE} if a value cannot be represented (say, an empty
         *     responseConsumerURL)
         */
        public PaosRequest build() throws EcpException {
            EnvelopeWriter writer = new EnvelopeWriter();
            var paos = writer.block(EcpNamespaces.PAOS, "paos", "Request", true);
            paos.setAttributeNS(null, "responseConsumerURL", responseConsumerUrl);
            paos.setAttributeNS(null, "service", EcpNamespaces.ECP);
            messageId.ifPresent(v -> paos.setAttributeNS(null, "messageID", v));
            writer.add(paos);
            ecpRequest.writeTo(writer);
            relayState.ifPresent(v -> HeaderBlocks.writeRelayState(writer, v));
            if (!sessionKeyEncTypes.isEmpty()) {
                HeaderBlocks.writeSessionKey(writer, sessionKeyEncTypes);
            }
            channelBindingsType.ifPresent(v -> HeaderBlocks.writeChannelBindings(writer, v));
            Document envelope = writer.envelopeDocument(authnRequest.toDocument().getDocumentElement());
            Optional<byte[]> plain = XmlWriter.plainBytes(envelope);
            if (plain.isPresent()) {
                // Written directly, the bytes parse back to this very tree: read it instead of parsing them.
                return PaosRequestReader.read(envelope, plain.get());
            }
            byte[] bytes = XmlWriter.toBytes(envelope);
            return parse(bytes, EnvelopeWriter.parserFor(bytes));
        }
    }
}
