package dev.samlec.mech.message;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The ECP client's answer to the SP (SAML profiles 4.2.4.5; ECP 2.0 section 2.3.7; in SAML-EC, the client
 * response): {@code paos:Response}, the SP's {@code ecp:RelayState} echoed, optionally the chosen
 * {@code samlec:SessionKey} enctype, and in the body the IdP's {@code samlp:Response} unchanged, or a SOAP fault.
 *
 * <p>Built by {@link #of}: no IdP header block is carried over (ecp:Response, GeneratedKey... are dropped); the
 * RelayState text is echoed exactly, in an element rebuilt with our own {@code S} declaration; the IdP's Response
 * is spliced in as {@linkplain SamlResponseBody standalone bytes}, so the namespaces the IdP declared on its
 * envelope stay resolvable and its signatures keep verifying.
 *
 * <p>Parsing (the service side) enforces: paos:Response and ecp:RelayState, when present, carry mustUnderstand="1"
 * and actor=next ({@code MUST_UNDERSTAND_VIOLATION}); IdP header blocks that a client must remove (ecp:Response,
 * RequestAuthenticated, GeneratedKey, Delegated, cb:ChannelBindings) are refused
 * ({@code MALFORMED_MESSAGE}); unknown blocks that must be understood are refused; the body is exactly one
 * samlp:Response or S:Fault. Whether refToMessageID and RelayState match what the service sent is for the
 * service's validator to decide.
 */
public final class PaosResponse {
    private static final String WHAT = "PAOS response";
    private static final List<String[]> IDP_ONLY_BLOCKS = List.of(
            new String[] {EcpNamespaces.ECP, "Response"}, new String[] {EcpNamespaces.ECP, "RequestAuthenticated"},
            new String[] {EcpNamespaces.SAMLEC, "GeneratedKey"}, new String[] {EcpNamespaces.SAMLEC, "Delegated"},
            new String[] {EcpNamespaces.CB, "ChannelBindings"});

    private final byte[] envelope;
    private final Optional<String> refToMessageId;
    private final Optional<String> relayState;
    private final Optional<Integer> sessionKeyEncType;
    private final Optional<SamlResponseBody> response;
    private final Optional<SoapFault> fault;

    private PaosResponse(byte[] envelope, Optional<String> refToMessageId, Optional<String> relayState,
            Optional<Integer> sessionKeyEncType, Optional<SamlResponseBody> response, Optional<SoapFault> fault) {
        this.envelope = envelope.clone();
        this.refToMessageId = refToMessageId;
        this.relayState = relayState;
        this.sessionKeyEncType = sessionKeyEncType;
        this.response = response;
        this.fault = fault;
    }

    /** The answer carrying the IdP's {@code samlp:Response} for {@code request}. */
    public static PaosResponse of(PaosRequest request, SamlResponseBody body) {
        return write(request, Optional.empty(), Optional.of(body), Optional.empty());
    }

    /** As {@link #of(PaosRequest, SamlResponseBody)}, plus a {@code samlec:SessionKey} naming the chosen enctype. */
    public static PaosResponse of(PaosRequest request, SamlResponseBody body, int sessionKeyEncType) {
        return write(request, Optional.of(sessionKeyEncType), Optional.of(body), Optional.empty());
    }

    /**
     * As {@link #of(PaosRequest, SamlResponseBody)}, plus, when {@code sessionKeyEncType} is present, a
     * {@code samlec:SessionKey} holding the one chosen {@code samlec:EncType} (SAML-EC client response).
     */
    public static PaosResponse of(PaosRequest challenge, SamlResponseBody response,
            Optional<Integer> sessionKeyEncType) {
        Objects.requireNonNull(sessionKeyEncType, "sessionKeyEncType");
        return write(challenge, sessionKeyEncType, Optional.of(response), Optional.empty());
    }

    /** The answer carrying a SOAP fault instead of a response (paos:Response and RelayState still included). */
    public static PaosResponse fault(PaosRequest request, SoapFault fault) {
        return write(request, Optional.empty(), Optional.empty(), Optional.of(fault));
    }

    /**
     * Writes the envelope and keeps the facts it was written from; the client's own output is not parsed back
     * (that cost as much as parsing the IdP's answer). {@code PaosResponseTest} parses every shape written here and
     * compares field by field; the Response by its facts and exclusive canonical form, since read back out of this
     * envelope its standalone bytes also declare the envelope's namespaces (so a built object does not
     * {@code equals} its parsed form).
     */
    private static PaosResponse write(PaosRequest request, Optional<Integer> encType,
            Optional<SamlResponseBody> response, Optional<SoapFault> fault) {
        EnvelopeWriter writer = new EnvelopeWriter();
        HeaderBlocks.writePaosResponse(writer, request.messageId());
        request.relayState().ifPresent(v -> HeaderBlocks.writeRelayState(writer, v));
        encType.ifPresent(v -> HeaderBlocks.writeSessionKey(writer, List.of(v)));
        byte[] bodyElement = response.isPresent() ? response.get().toBytes() : fault.orElseThrow().elementBytes();
        return new PaosResponse(writer.envelope(bodyElement), request.messageId(), request.relayState(), encType,
                response, fault);
    }

    /**
     * Parses a PAOS response (the service side).
     *
     * @throws EcpException {@code MALFORMED_MESSAGE}, {@code MUST_UNDERSTAND_VIOLATION} or a parser error
     */
    public static PaosResponse parse(byte[] envelope, SecureXmlParser parser) throws EcpException {
        Document doc = parser.parse(envelope, WHAT);
        SoapEnvelope soap = SoapEnvelope.read(doc, WHAT);
        Element paos = null;
        String relayState = null;
        Element sessionKey = null;
        for (Element block : soap.headerBlocks()) {
            if (Dom.is(block, EcpNamespaces.PAOS, "Response")) {
                SoapEnvelope.requireFirst(paos, block, WHAT);
                SoapEnvelope.requireMustUnderstandForNext(block, WHAT);
                paos = block;
            } else if (Dom.is(block, EcpNamespaces.ECP, "RelayState")) {
                SoapEnvelope.requireFirst(relayState, block, WHAT);
                relayState = HeaderBlocks.readRelayState(block, WHAT);
            } else if (Dom.is(block, EcpNamespaces.SAMLEC, "SessionKey")) {
                SoapEnvelope.requireFirst(sessionKey, block, WHAT);
                sessionKey = block;
            } else if (isIdpOnly(block)) {
                throw Dom.malformed(WHAT + ": IdP header block " + Dom.name(block)
                        + " must be removed by the client, not forwarded");
            } else {
                SoapEnvelope.unknownBlock(block, WHAT);
            }
        }
        Element body = soap.singleBodyChild(WHAT);
        Optional<SamlResponseBody> response = Optional.empty();
        Optional<SoapFault> fault = Optional.empty();
        if (Dom.is(body, EcpNamespaces.SAMLP, "Response")) {
            response = Optional.of(SamlResponseBody.of(body));
        } else if (SoapFault.isFault(body)) {
            fault = Optional.of(SoapFault.of(body));
        } else {
            throw Dom.malformed(WHAT + ": S:Body holds " + Dom.name(body) + ", expected samlp:Response or S:Fault");
        }
        return new PaosResponse(envelope, paos == null ? Optional.empty() : Dom.attribute(paos, "refToMessageID"),
                Optional.ofNullable(relayState), chosenEncType(sessionKey), response, fault);
    }

    private static boolean isIdpOnly(Element block) {
        return IDP_ONLY_BLOCKS.stream().anyMatch(n -> Dom.is(block, n[0], n[1]));
    }

    private static Optional<Integer> chosenEncType(Element sessionKey) throws EcpException {
        if (sessionKey == null) {
            return Optional.empty();
        }
        List<Integer> encTypes = HeaderBlocks.readEncTypes(sessionKey, WHAT);
        if (encTypes.size() != 1) {
            throw Dom.malformed(WHAT + ": samlec:SessionKey must name exactly one chosen samlec:EncType, found "
                    + encTypes.size());
        }
        return Optional.of(encTypes.get(0));
    }

    /** The envelope bytes as parsed or built; a copy. */
    public byte[] toBytes() {
        return envelope.clone();
    }

    /** {@code paos:Response/@refToMessageID}, if present. */
    public Optional<String> refToMessageId() {
        return refToMessageId;
    }

    /** The exact {@code ecp:RelayState} text, if present. */
    public Optional<String> relayState() {
        return relayState;
    }

    /** The enctype the client chose in {@code samlec:SessionKey} (SAML-EC), if present. */
    public Optional<Integer> sessionKeyEncType() {
        return sessionKeyEncType;
    }

    /** The IdP's SAML Response; present exactly when {@link #fault()} is empty. Unverified. */
    public Optional<SamlResponseBody> response() {
        return response;
    }

    /** The SOAP fault the client sent instead of a response; present exactly when {@link #response()} is empty. */
    public Optional<SoapFault> fault() {
        return fault;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PaosResponse)) {
            return false;
        }
        PaosResponse other = (PaosResponse) o;
        return Arrays.equals(envelope, other.envelope) && refToMessageId.equals(other.refToMessageId)
                && relayState.equals(other.relayState) && sessionKeyEncType.equals(other.sessionKeyEncType)
                && response.equals(other.response) && fault.equals(other.fault);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(envelope), refToMessageId, response, fault);
    }

    @Override
    public String toString() {
        return "PaosResponse[refToMessageId=" + refToMessageId.orElse("-") + ", "
                + response.map(Object::toString).orElseGet(() -> fault.map(Object::toString).orElse("")) + "]";
    }
}
