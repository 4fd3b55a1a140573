package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import java.io.IOException;
import java.util.Optional;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;

/**
 * Maps the validated SAML identity to the authorization ID (RFC 4422 section 3.4.1, RFC 5801 section 4): the
 * authentication ID is the NameID value; an empty authzid means "act as myself"; any authzid goes through the
 * application's {@link AuthorizeCallback}, which must answer {@code authorized}. A handler that does not know the
 * callback (or no handler) allows only "act as myself".
 */
final class ServerAuthorization {
    private final CallbackHandler handler;

    ServerAuthorization(CallbackHandler handler) {
        this.handler = handler;
    }

    String authorize(SamlIdentity identity, Optional<String> requested) throws EcpException {
        String authenticationId = identity.nameId().value();
        String authorizationId = requested.orElse(authenticationId);
        AuthorizeCallback callback = new AuthorizeCallback(authenticationId, authorizationId);
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
}
