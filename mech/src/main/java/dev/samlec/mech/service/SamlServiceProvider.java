package dev.samlec.mech.service;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.message.SamlResponseBody;
import java.util.Objects;

/**
 * The service side in one object: an {@link AuthnRequestIssuer} and a {@link ResponseValidator} sharing one
 * {@link RequestTracker}, so that a Response is only accepted for a request this instance issued. Thread-safe; create
 * one per service and keep it for the service's lifetime.
 */
public final class SamlServiceProvider {
    private final ServiceProviderSettings settings;
    private final RequestTracker tracker;
    private final AuthnRequestIssuer issuer;
    private final ResponseValidator validator;

    /** The service side for {@code settings}. */
    public SamlServiceProvider(ServiceProviderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tracker = RequestTracker.forSettings(settings);
        this.issuer = new AuthnRequestIssuer(settings, tracker);
        this.validator = new ResponseValidator(settings, tracker);
    }

    /** Issues and tracks a new AuthnRequest; see {@link AuthnRequestIssuer#issue}. */
    public IssuedAuthnRequest issue(IssueOptions options) throws EcpException {
        return issuer.issue(options);
    }

    /**
     * Issues a new AuthnRequest for one exchange that holds it itself (not tracked here); see
     * {@link AuthnRequestIssuer#issueForExchange}.
     */
    public IssuedAuthnRequest issueForExchange(IssueOptions options) throws EcpException {
        return issuer.issueForExchange(options);
    }

    /** Validates a Response; see {@link ResponseValidator#validate(byte[], ValidationContext)}. */
    public SamlIdentity validate(byte[] samlResponse, ValidationContext context) throws EcpException {
        return validator.validate(samlResponse, context);
    }

    /**
     * Validates a Response read out of an envelope, without serialising and parsing it again: the body's
     * {@linkplain SamlResponseBody#toDocument() own document} gets every check a standalone Response gets; see
     * {@link ResponseValidator#validate(org.w3c.dom.Document, ValidationContext)}.
     */
    public SamlIdentity validate(SamlResponseBody samlResponse, ValidationContext context) throws EcpException {
        return validator.validate(samlResponse.toDocument(), context);
    }

    /**
     * {@link #validate(SamlResponseBody, ValidationContext)} without copying the Response: the body's
     * {@linkplain SamlResponseBody#releaseDocument() parsed document} is validated and the body is used up (its
     * values stay readable). Every check is the same.
     */
    public SamlIdentity validateReleasing(SamlResponseBody samlResponse, ValidationContext context)
            throws EcpException {
        return validator.validate(samlResponse.releaseDocument(), context);
    }

    /** The settings. */
    public ServiceProviderSettings settings() {
        return settings;
    }

    /** The shared request tracker. */
    public RequestTracker requestTracker() {
        return tracker;
    }

    /** The validator. */
    public ResponseValidator validator() {
        return validator;
    }
}
