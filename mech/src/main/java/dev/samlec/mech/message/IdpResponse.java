package dev.samlec.mech.message;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.GeneratedKeyMaterial;
import dev.samlec.mech.SecureXmlParser;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The IdP's answer to an ECP client (SAML profiles 4.2.4.4; SAML-EC section 5): header blocks for the client and,
 * in the body, either a {@code samlp:Response} or a SOAP fault.
 *
 * <pre>{@code
 * <S:Envelope>
 *   <S:Header>
 *     <ecp:Response AssertionConsumerServiceURL="..."/>      (absent in e.g. Keycloak's wrong-password answer)
 *     [<ecp:RequestAuthenticated/>] [<samlec:GeneratedKey>base64</samlec:GeneratedKey>] [<samlec:Delegated/>]
 *     [<cb:ChannelBindings Type="...">base64</cb:ChannelBindings>]   (ECP 2.0 channel binding)
 *   </S:Header>
 *   <S:Body><samlp:Response/> | <S:Fault/></S:Body>
 * </S:Envelope>
 * }</pre>
 *
 * <p>The IdP's known blocks are read whatever their mustUnderstand/actor attributes; an unknown block that must be
 * understood by the client is refused ({@code MUST_UNDERSTAND_VIOLATION}). The client compares
 * {@link #assertionConsumerServiceUrl()} with the SP's responseConsumerURL; that comparison is not done here.
 */
public final class IdpResponse {
    static final String WHAT = "IdP response";

    private final byte[] envelope;
    private final Optional<String> assertionConsumerServiceUrl;
    private final boolean requestAuthenticated;
    private final Optional<byte[]> generatedKey;
    private final boolean delegated;
    private final Optional<ChannelBinding> channelBinding;
    private final Optional<SamlResponseBody> response;
    private final Optional<SoapFault> fault;

    private IdpResponse(byte[] envelope, Headers headers, Optional<SamlResponseBody> response,
            Optional<SoapFault> fault) throws EcpException {
        this.envelope = envelope.clone();
        this.assertionConsumerServiceUrl = headers.acs();
        this.requestAuthenticated = headers.requestAuthenticated != null;
        this.generatedKey = decodeKey(headers.generatedKey);
        this.delegated = headers.delegated != null;
        this.channelBinding = headers.channelBinding();
        this.response = response;
        this.fault = fault;
    }

    /**
     * Parses an IdP response.
     *
     * @throws EcpException {@code MALFORMED_MESSAGE} (bad structure, an ecp:Response without ACS URL, a
     *     GeneratedKey that is not base64 or not 1 to {@value GeneratedKeyMaterial#MAX_BYTES} bytes, a
     *     cb:ChannelBindings without valid Type or base64 value, a repeated
     *     block, a body that is neither one samlp:Response nor one S:Fault),
     *     {@code MUST_UNDERSTAND_VIOLATION}, or a parser error
     */
    public static IdpResponse parse(byte[] envelope, SecureXmlParser parser) throws EcpException {
        return read(parser.parse(envelope, WHAT), envelope);
    }

    /**
     * Parses an answer that may not be SOAP at all, with one parse: empty when {@code body} is not well-formed XML
     * (or is refused by the hardened parser) or its root is not a SOAP 1.1 {@code Envelope} (an HTML error page,
     * JSON, a SOAP 1.2 envelope); otherwise as {@link #parse}, with its errors.
     */
    public static Optional<IdpResponse> parseIfEnvelope(byte[] body, SecureXmlParser parser) throws EcpException {
        Document doc;
        try {
            doc = parser.parse(body, WHAT);
        } catch (EcpException notXml) {
            return Optional.empty();
        }
        if (!SoapEnvelope.isSoap11Envelope(doc)) {
            return Optional.empty();
        }
        return Optional.of(read(doc, body));
    }

    private static IdpResponse read(Document doc, byte[] envelope) throws EcpException {
        SoapEnvelope soap = SoapEnvelope.read(doc, WHAT);
        Headers headers = new Headers();
        for (Element block : soap.headerBlocks()) {
            headers.accept(block);
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
        return new IdpResponse(envelope, headers, response, fault);
    }

    private static Optional<byte[]> decodeKey(Element generatedKey) throws EcpException {
        if (generatedKey == null) {
            return Optional.empty();
        }
        String text = Dom.requiredText(generatedKey, WHAT).replaceAll("\\s", "");
        if (text.length() > (GeneratedKeyMaterial.MAX_BYTES + 2) / 3 * 4) {
            throw Dom.malformed(WHAT + ": samlec:GeneratedKey has " + text.length() + " base64 characters; at most "
                    + GeneratedKeyMaterial.MAX_BYTES + " key bytes are accepted");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw Dom.malformed(WHAT + ": samlec:GeneratedKey is not base64 (" + e.getMessage() + ")");
        }
        if (key.length == 0 || key.length > GeneratedKeyMaterial.MAX_BYTES) {
            throw Dom.malformed(WHAT + ": samlec:GeneratedKey holds " + key.length + " bytes; expected 1 to "
                    + GeneratedKeyMaterial.MAX_BYTES);
        }
        return Optional.of(key);
    }

    /** The IdP's header blocks, each at most once. */
    private static final class Headers {
        private Element ecpResponse;
        private Element requestAuthenticated;
        private Element generatedKey;
        private Element delegated;
        private Element channelBindings;

        void accept(Element block) throws EcpException {
            if (Dom.is(block, EcpNamespaces.ECP, "Response")) {
                SoapEnvelope.requireFirst(ecpResponse, block, WHAT);
                ecpResponse = block;
            } else if (Dom.is(block, EcpNamespaces.ECP, "RequestAuthenticated")) {
                SoapEnvelope.requireFirst(requestAuthenticated, block, WHAT);
                requestAuthenticated = block;
            } else if (Dom.is(block, EcpNamespaces.SAMLEC, "GeneratedKey")) {
                SoapEnvelope.requireFirst(generatedKey, block, WHAT);
                generatedKey = block;
            } else if (Dom.is(block, EcpNamespaces.SAMLEC, "Delegated")) {
                SoapEnvelope.requireFirst(delegated, block, WHAT);
                delegated = block;
            } else if (Dom.is(block, EcpNamespaces.CB, "ChannelBindings")) {
                SoapEnvelope.requireFirst(channelBindings, block, WHAT);
                channelBindings = block;
            } else {
                SoapEnvelope.unknownBlock(block, WHAT);
            }
        }

        Optional<String> acs() throws EcpException {
            return ecpResponse == null ? Optional.empty()
                    : Optional.of(Dom.requiredAttribute(ecpResponse, "AssertionConsumerServiceURL", WHAT));
        }

        Optional<ChannelBinding> channelBinding() throws EcpException {
            return channelBindings == null ? Optional.empty()
                    : Optional.of(HeaderBlocks.readChannelBinding(channelBindings, WHAT));
        }
    }

    /** A builder, for an IdP (or a test) producing answers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The envelope bytes as parsed or built; a copy. */
    public byte[] toBytes() {
        return envelope.clone();
    }

    /** {@code ecp:Response/@AssertionConsumerServiceURL}: where the IdP says the response must go. */
    public Optional<String> assertionConsumerServiceUrl() {
        return assertionConsumerServiceUrl;
    }

    /** Whether the IdP sent {@code ecp:RequestAuthenticated} (it verified the SP's signed AuthnRequest). */
    public boolean requestAuthenticated() {
        return requestAuthenticated;
    }

    /** The decoded {@code samlec:GeneratedKey} (SAML-EC session key material), if sent; a copy. Secret. */
    public Optional<byte[]> generatedKey() {
        return generatedKey.map(byte[]::clone);
    }

    /** Whether the IdP sent {@code samlec:Delegated} (a delegated assertion was issued). */
    public boolean delegated() {
        return delegated;
    }

    /**
     * The channel binding the IdP confirmed in its {@code cb:ChannelBindings} header block, if sent. Informational
     * for the client: the service trusts only the copy inside the signed assertion's Advice.
     */
    public Optional<ChannelBinding> channelBinding() {
        return channelBinding;
    }

    /** The SAML Response in the body; present exactly when {@link #fault()} is empty. */
    public Optional<SamlResponseBody> response() {
        return response;
    }

    /** The SOAP fault in the body; present exactly when {@link #response()} is empty. */
    public Optional<SoapFault> fault() {
        return fault;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IdpResponse)) {
            return false;
        }
        IdpResponse other = (IdpResponse) o;
        return Arrays.equals(envelope, other.envelope)
                && assertionConsumerServiceUrl.equals(other.assertionConsumerServiceUrl)
                && requestAuthenticated == other.requestAuthenticated
                && Arrays.equals(generatedKey.orElse(null), other.generatedKey.orElse(null))
                && delegated == other.delegated && channelBinding.equals(other.channelBinding)
                && response.equals(other.response) && fault.equals(other.fault);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(envelope), assertionConsumerServiceUrl, response, fault);
    }

    @Override
    public String toString() {
        return "IdpResponse[acs=" + assertionConsumerServiceUrl.orElse("-") + ", "
                + response.map(Object::toString).orElseGet(() -> fault.map(Object::toString).orElse("")) + "]";
    }

    /** Builds an IdP response; {@link #build()} writes the envelope and reads it back. */
    public static final class Builder {
        private Optional<String> acs = Optional.empty();
        private boolean requestAuthenticated;
        private Optional<byte[]> generatedKey = Optional.empty();
        private boolean delegated;
        private ChannelBinding channelBinding;
        private SamlResponseBody response;
        private SoapFault fault;

        private Builder() {
        }

        /** Adds {@code ecp:Response} with this AssertionConsumerServiceURL. */
        public Builder assertionConsumerServiceUrl(String url) {
            this.acs = Optional.of(url);
            return this;
        }

        /** Adds {@code ecp:RequestAuthenticated}. */
        public Builder requestAuthenticated(boolean value) {
            this.requestAuthenticated = value;
            return this;
        }

        /** Adds {@code samlec:GeneratedKey} carrying these bytes (copied). */
        public Builder generatedKey(byte[] key) {
            this.generatedKey = Optional.of(key.clone());
            return this;
        }

        /** Adds {@code samlec:Delegated}. */
        public Builder delegated(boolean value) {
            this.delegated = value;
            return this;
        }

        /** Adds a {@code cb:ChannelBindings} block confirming this channel binding (Type and base64 value). */
        public Builder channelBinding(ChannelBinding value) {
            this.channelBinding = Objects.requireNonNull(value, "channelBinding");
            return this;
        }

        /** Sets the body to this SAML Response (replaces a fault). */
        public Builder response(SamlResponseBody value) {
            this.response = Objects.requireNonNull(value, "response");
            this.fault = null;
            return this;
        }

        /** Sets the body to this SOAP fault (replaces a response). */
        public Builder fault(SoapFault value) {
            this.fault = Objects.requireNonNull(value, "fault");
            this.response = null;
            return this;
        }

        /**
         * Writes the envelope and reads it back.
         *
         * @throws IllegalStateException if neither a response nor a fault was set
         * @throws EcpException if a value cannot be represented in XML
         */
        public IdpResponse build() throws EcpException {
            if (response == null && fault == null) {
                throw new IllegalStateException("an IdP response needs a SAML Response or a SOAP fault body");
            }
            EnvelopeWriter writer = new EnvelopeWriter();
            acs.ifPresent(url -> {
                Element block = writer.block(EcpNamespaces.ECP, "ecp", "Response", true);
                block.setAttributeNS(null, "AssertionConsumerServiceURL", url);
                writer.add(block);
            });
            if (requestAuthenticated) {
                writer.add(writer.block(EcpNamespaces.ECP, "ecp", "RequestAuthenticated", true));
            }
            generatedKey.ifPresent(key -> {
                Element block = writer.block(EcpNamespaces.SAMLEC, "samlec", "GeneratedKey", true);
                block.setTextContent(Base64.getEncoder().encodeToString(key));
                writer.add(block);
            });
            if (delegated) {
                writer.add(writer.block(EcpNamespaces.SAMLEC, "samlec", "Delegated", true));
            }
            if (channelBinding != null) {
                HeaderBlocks.writeChannelBinding(writer, channelBinding);
            }
            byte[] bytes = writer.envelope(response != null ? response.toBytes() : fault.elementBytes());
            return parse(bytes, EnvelopeWriter.parserFor(bytes));
        }
    }
}
