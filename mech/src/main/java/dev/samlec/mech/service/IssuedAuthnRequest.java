package dev.samlec.mech.service;

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

    /** An issued request. */
    public IssuedAuthnRequest(String id, byte[] xml, Instant issueInstant, Instant expiresAt, boolean signed) {
        this.id = Objects.requireNonNull(id, "id");
        this.xml = Objects.requireNonNull(xml, "xml").clone();
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
        return xml.clone();
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
