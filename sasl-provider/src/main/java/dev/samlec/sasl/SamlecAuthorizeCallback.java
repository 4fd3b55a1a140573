package dev.samlec.sasl;

import dev.samlec.mech.SamlIdentity;
import java.util.Objects;
import javax.security.sasl.AuthorizeCallback;

/**
 * The {@link AuthorizeCallback} a SAML20EC server asks its handler, carrying the validated SAML identity so that
 * the handler can decide (and name the authorized user) from the issuer, NameID and attributes, not only from the
 * authentication ID string. Handlers that only know {@code AuthorizeCallback} keep working.
 *
 * <p>The authentication ID is the NameID value, or the value of the acceptor's
 * {@linkplain SamlecAcceptor#principalAttribute() principal attribute}; the authorization ID is the client's
 * requested authzid, or the authentication ID when none was requested.
 */
public final class SamlecAuthorizeCallback extends AuthorizeCallback {
    private static final long serialVersionUID = 1L;
    private final transient SamlIdentity identity;

    /** A callback for this validated identity. */
    public SamlecAuthorizeCallback(String authenticationId, String authorizationId, SamlIdentity identity) {
        super(authenticationId, authorizationId);
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** The identity the IdP asserted, as validated (signature, issuer, audience, time, request, replay). */
    public SamlIdentity identity() {
        return identity;
    }
}
