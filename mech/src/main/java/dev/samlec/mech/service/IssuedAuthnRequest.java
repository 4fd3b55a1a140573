package dev.samlec.mech.service;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.AuthnRequestBody;
import java.time.Instant;
import java.util.Objects;

/**
 * An AuthnRequest this service issued: its ID (tracked until {@link #expiresAt()}), and the standalone
 * {@code samlp:AuthnRequest} element as UTF-8 bytes, ready to be placed in a PAOS or SAML-EC SOAP body. Immutable.
 */
public final class IssuedAuthnRequest {
    private final String id;
    private final byte[] xml;
    private final Instant issueInstant;
    private final Instant expiresAt;
    private final boolean signed;
    private final AuthnRequestBody body;

    /** An issued request. */
    public IssuedAuthnRequest(String id, byte[] xml, Instant issueInstant, Instant expiresAt, boolean signed) {
        this(id, Objects.requireNonNull(xml, "xml").clone(), null, issueInstant, expiresAt, signed);
    }

    /** An issued request whose element the issuer has just read as {@code body} ({@code xml} = its bytes). */
    IssuedAuthnRequest(String id, AuthnRequestBody body, Instant issueInstant, Instant expiresAt, boolean signed) {
        this(id, null, Objects.requireNonNull(body, "body"), issueInstant, expiresAt, signed);
    }

    private IssuedAuthnRequest(String id, byte[] xml, AuthnRequestBody body, Instant issueInstant, Instant expiresAt,
            boolean signed) {
        this.body = body;
        this.id = Objects.requireNonNull(id, "id");
        this.xml = xml;
        this.issueInstant = Objects.requireNonNull(issueInstant, "issueInstant");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.signed = signed;
    }

    /** The request ID; the Response must answer it in InResponseTo. */
    public String id() {
        return id;
    }

    /** The standalone AuthnRequest element (a copy). */
    public byte[] xml() {
        return xml != null ? xml.clone() : body.toBytes();
    }

    /**
     * The request as an {@link AuthnRequestBody}, to wrap in a PAOS or SAML-EC envelope: the one the issuer read from
     * the element it marshalled (no parse), else the {@link #xml()} parsed with {@code parser}.
     *
     * @throws EcpException as {@link AuthnRequestBody#parse} when parsed
     */
    public AuthnRequestBody body(SecureXmlParser parser) throws EcpException {
        return body != null ? body : AuthnRequestBody.parse(xml, parser);
    }

    /** The IssueInstant. */
    public Instant issueInstant() {
        return issueInstant;
    }

    /** Until when a Response to this request is accepted. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether the request carries an enveloped signature. */
    public boolean signed() {
        return signed;
    }

    @Override
    public String toString() {
        return "IssuedAuthnRequest[" + id + (signed ? ", signed" : "") + "]";
    }
}
