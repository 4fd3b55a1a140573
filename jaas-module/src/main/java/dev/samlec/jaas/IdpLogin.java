package dev.samlec.jaas;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecCredential;
import java.util.List;
import java.util.Optional;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiator's login once the credentials are known: runs the credential check, if configured, and produces
 * the principal and the {@link SamlecCredential}. On failure the credentials it was given are destroyed.
 */
final class IdpLogin {
    private static final Logger LOG = LoggerFactory.getLogger(IdpLogin.class);

    private final Optional<CredentialCheck> check;
    private final boolean holderOfKey;

    /** A login whose credential asks for bearer assertions. */
    IdpLogin(Optional<CredentialCheck> check) {
        this(check, false);
    }

    /**
     * A login whose credential, with {@code holderOfKey}, makes SAML20EC exchanges ask for holder-of-key assertions
     * bound to the endpoint's client certificate (the only credentials it is then given).
     */
    IdpLogin(Optional<CredentialCheck> check, boolean holderOfKey) {
        this.check = check;
        this.holderOfKey = holderOfKey;
    }

    /**
     * Logs {@code user} in at {@code idp}, whose credentials are set.
     *
     * @throws LoginException {@code FailedLoginException} for refused credentials, else a {@code LoginException}
     *     with the error code first
     */
    PendingLogin.User authenticate(IdpEndpoint idp, String user) throws LoginException {
        try {
            if (check.isPresent()) {
                check.get().verify(idp);
            } else {
                LOG.debug("credential check disabled: {} at {} is not verified now", user, idp.entityId());
            }
            return new PendingLogin.User(new SamlecPrincipal(user), credential(idp, user));
        } catch (EcpException e) {
            wipe(idp);
            LOG.debug("login of {} at {} failed: {}", user, idp.entityId(), e.error().code());
            throw LoginFailures.of(e);
        } catch (RuntimeException | Error e) {
            wipe(idp);
            LOG.warn("login of {} at {} failed unexpectedly: {}", user, idp.entityId(), e.toString());
            throw LoginFailures.of(new EcpException(EcpError.INTERNAL_ERROR, "the login at " + idp.entityId()
                    + " failed unexpectedly (" + e.getClass().getSimpleName() + "); the log has the detail", e));
        }
    }

    private SamlecCredential credential(IdpEndpoint idp, String user) {
        if (!holderOfKey) {
            return new SamlecCredential(user, List.of(idp));
        }
        if (idp.credentials() instanceof IdpCredentials.ClientCertificate certificate) {
            return new SamlecCredential(user, List.of(idp), certificate);
        }
        // the options and SamlecLogin refuse this before; never a bearer credential for a holder-of-key login
        throw new IllegalStateException("a holder-of-key login without a client certificate");
    }

    private static void wipe(IdpEndpoint idp) {
        if (idp.credentials() instanceof IdpCredentials.Basic basic) {
            basic.destroy();
        }
    }
}
