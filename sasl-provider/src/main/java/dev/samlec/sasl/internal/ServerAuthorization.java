package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.sasl.SamlecAuthorizeCallback;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;

/**
 * Maps the validated SAML identity to the authorization ID (RFC 4422 section 3.4.1, RFC 5801 section 4): the
 * authentication ID is the NameID value (or the single value of the acceptor's principal attribute); an empty
 * authzid means "act as myself"; any authzid goes through the application's {@link AuthorizeCallback} (a
 * {@link SamlecAuthorizeCallback}), which must answer {@code authorized}. A handler that does not know the
 * callback (or no handler) allows only "act as myself".
 */
final class ServerAuthorization {
    /** The longest attribute value accepted as a user name. */
    static final int MAX_NAME_LENGTH = 256;
    private final CallbackHandler handler;
    private final Optional<String> principalAttribute;
    private final IdpTrustSource trust;

    ServerAuthorization(CallbackHandler handler, Optional<String> principalAttribute, IdpTrustSource trust) {
        this.handler = handler;
        this.principalAttribute = principalAttribute;
        this.trust = trust;
    }

    String authorize(SamlIdentity identity, Optional<String> requested) throws EcpException {
        String authenticationId = authenticationId(identity);
        String authorizationId = requested.orElse(authenticationId);
        AuthorizeCallback callback = new SamlecAuthorizeCallback(authenticationId, authorizationId, identity);
        if (handler == null) {
            callback.setAuthorized(authenticationId.equals(authorizationId));
        } else {
            try {
                handler.handle(new Callback[] {callback});
            } catch (UnsupportedCallbackException e) {
                callback.setAuthorized(authenticationId.equals(authorizationId));
            } catch (IOException e) {
                throw new EcpException(EcpError.INTERNAL_ERROR, "the authorization callback failed: " + e.getMessage(),
                        e);
            }
        }
        if (!callback.isAuthorized()) {
            throw new EcpException(EcpError.AUTHORIZATION_REFUSED, "'" + InitialResponse.printable(authenticationId)
                    + "' (from " + identity.issuer() + ") is not allowed to act as '"
                    + InitialResponse.printable(authorizationId) + "'");
        }
        String authorized = callback.getAuthorizedID();
        return authorized != null ? authorized : authorizationId;
    }

    /**
     * The NameID value, or the single value of the acceptor's principal attribute: the Attribute elements whose Name
     * equals it (or, when none does, whose FriendlyName does) must be exactly one, with exactly one non-blank value of
     * at most {@value #MAX_NAME_LENGTH} characters without control characters; anything else is ambiguous and refused.
     */
    private String authenticationId(SamlIdentity identity) throws EcpException {
        if (!ScopedPrincipal.isScopedUserName(principalAttribute.orElse(null)) && trust.federated()) {
            // Checked at build time too; here because a refreshed document can grow from one IdP to many.
            throw new EcpException(EcpError.INVALID_CONFIGURATION, "the service now trusts a federation ("
                    + trust.describe() + "), whose IdPs can each assert any NameID: set principalAttribute to"
                    + " eduPersonPrincipalName, subject-id or pairwise-id; the login from " + identity.issuer()
                    + " is refused");
        }
        if (principalAttribute.isEmpty()) {
            return identity.nameId().value();
        }
        String name = principalAttribute.get();
        List<SamlAttribute> byName = identity.attributes().stream().filter(a -> a.name().equals(name)).toList();
        List<SamlAttribute> matches = !byName.isEmpty() ? byName : identity.attributes().stream()
                .filter(a -> a.friendlyName().filter(name::equals).isPresent()).toList();
        List<String> values = matches.stream().flatMap(a -> a.values().stream()).toList();
        String problem = matches.size() > 1 ? matches.size() + " Attribute elements"
                : values.isEmpty() ? "no value" : values.size() > 1 ? values.size() + " values"
                : !usableName(values.get(0)) ? "a blank, overlong (over " + MAX_NAME_LENGTH
                        + " characters) or control-character value" : null;
        if (problem != null) {
            throw new EcpException(EcpError.AUTHORIZATION_REFUSED, "the assertion for '"
                    + InitialResponse.printable(identity.nameId().value()) + "' (from " + identity.issuer()
                    + ") carries " + problem + " of attribute '" + name + "', which must name the user with exactly"
                    + " one value");
        }
        return values.get(0);
    }

    private static boolean usableName(String value) {
        return !value.isBlank() && value.length() <= MAX_NAME_LENGTH && value.chars().noneMatch(Character::isISOControl);
    }
}
