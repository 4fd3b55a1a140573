package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.IdpCallback;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SubjectAccess;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Where a client's identity providers and credentials come from, in this order: the {@link SamlecSasl#IDPS}
 * property, a {@link SamlecCredential} of the Subject the client runs as (a JAAS login), or an
 * {@link IdpCallback}; an endpoint without credentials is completed with HTTP Basic from a {@link NameCallback}
 * and a {@link PasswordCallback}. Asked only when a challenge arrives, and again for each exchange.
 */
final class ClientIdps {
    private final Map<String, ?> props;
    private final CallbackHandler handler;
    private final String serviceName;
    private final Optional<SamlecCredential> pinned;

    /** IdPs looked up at each exchange: the property, else the Subject's newest credential, else the handler. */
    ClientIdps(Map<String, ?> props, CallbackHandler handler, String serviceName) {
        this(props, handler, serviceName, Optional.empty());
    }

    /**
     * With {@code pinned}: that credential's IdPs only, the one whose holder-of-key certificate the client's first
     * message announced, so that a later login into the same Subject cannot get that certificate (or lose it)
     * between the initial response and the challenge.
     */
    ClientIdps(Map<String, ?> props, CallbackHandler handler, String serviceName, Optional<SamlecCredential> pinned) {
        this.props = props;
        this.handler = handler;
        this.serviceName = serviceName;
        this.pinned = pinned;
    }

    /**
     * The IdPs of the {@link SamlecSasl#IDPS} property; empty when it is not set.
     *
     * @throws EcpConfigurationException when it is set to anything but a non-empty list of {@code IdpEndpoint}s
     *     (falling back to the Subject's credential would log in somewhere the application did not say)
     */
    static Optional<List<IdpEndpoint>> configured(Map<String, ?> props) throws EcpConfigurationException {
        Object configured = props == null ? null : props.get(SamlecSasl.IDPS);
        if (configured == null) {
            return Optional.empty();
        }
        if (configured instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(IdpEndpoint.class::isInstance)) {
            return Optional.of(list.stream().map(IdpEndpoint.class::cast).toList());
        }
        throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "property " + SamlecSasl.IDPS
                + " must be a non-empty List<IdpEndpoint> (value: " + (configured instanceof List<?> list
                        ? "a list of " + list.size() + (list.isEmpty() ? "" : ", not all IdpEndpoint")
                        : configured.getClass().getName()) + ")");
    }

    /** The configured IdPs, most preferred first. */
    List<IdpEndpoint> endpoints() throws EcpException {
        if (pinned.isPresent()) {
            if (pinned.get().isDestroyed()) {
                throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the samlec credential this exchange"
                        + " started with (holder-of-key) was destroyed (logged out) before the challenge came");
            }
            return pinned.get().idps();
        }
        Optional<List<IdpEndpoint>> configured = configured(props);
        if (configured.isPresent()) {
            return configured.get();
        }
        Optional<SamlecCredential> fromSubject = subjectCredential();
        if (fromSubject.isPresent()) {
            if (fromSubject.get().holderOfKey().isPresent() && (props == null
                    || props.get(SamlecSasl.HOLDER_OF_KEY) == null)) {
                // its certificate would log in for a bearer assertion the Subject's login said not to get
                throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, "the Subject's samlec"
                        + " credential is holder-of-key, but this SAML20EC client was created outside that Subject"
                        + " and did not ask for holder-of-key; create the client as the Subject (SamlecLogin.runAs,"
                        + " Subject.doAs) as well");
            }
            return fromSubject.get().idps();
        }
        IdpCallback callback = new IdpCallback("identity provider for " + serviceName);
        String unanswered;
        if (handler == null) {
            unanswered = "no callback handler was given to ask with IdpCallback";
        } else {
            try {
                handler.handle(new Callback[] {callback});
                unanswered = "the callback handler " + handler.getClass().getName() + " left IdpCallback unanswered";
            } catch (UnsupportedCallbackException e) {
                unanswered = "the callback handler " + handler.getClass().getName() + " does not answer IdpCallback"
                        + " (JNDI's default handler answers only the user name and password)";
            } catch (IOException e) {
                throw new EcpException(EcpError.NO_IDP_CONFIGURED, "the callback handler failed while asked for"
                        + " the identity provider (IdpCallback): " + e.getMessage(), e);
            }
        }
        if (callback.idps().isEmpty()) {
            throw new EcpException(EcpError.NO_IDP_CONFIGURED, "this client does not know which identity provider"
                    + " to log in at for " + serviceName + ": " + unanswered + ", the property " + SamlecSasl.IDPS
                    + " is not set, and the current JAAS Subject holds no samlec credential. Do one of: put a"
                    + " List<IdpEndpoint> under " + SamlecSasl.IDPS + " in the JNDI environment (or SASL properties);"
                    + " answer dev.samlec.sasl.IdpCallback in your CallbackHandler (SamlecCallbackHandler does);"
                    + " or run the client as a Subject logged in with SamlecLoginModule (SamlecLogin.runAs)");
        }
        return callback.idps();
    }

    /** The newest live samlec credential of the Subject the client runs as, if any. */
    private static Optional<SamlecCredential> subjectCredential() {
        return SubjectAccess.current().flatMap(SamlecCredential::newestIn);
    }

    /** The endpoint itself if it has credentials, else a copy with Basic credentials from the handler. */
    IdpEndpoint withCredentials(IdpEndpoint endpoint) throws EcpException {
        if (!(endpoint.credentials() instanceof IdpCredentials.None)) {
            return endpoint;
        }
        NameCallback name = new NameCallback("user name at " + endpoint.entityId() + ": ");
        PasswordCallback password = new PasswordCallback("password at " + endpoint.entityId() + ": ", false);
        handle(name, password);
        char[] secret = password.getPassword();
        password.clearPassword();
        try {
            if (name.getName() == null || name.getName().isEmpty() || secret == null) {
                throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the callback handler gave no user name"
                        + " and password for " + endpoint.entityId());
            }
            return endpoint.withCredentials(IdpCredentials.basic(name.getName(), secret));
        } catch (EcpConfigurationException e) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, e.getMessage(), e);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /** Wipes the password that {@link #withCredentials} put into {@code used}; the application's own are kept. */
    static void wipe(IdpEndpoint chosen, IdpEndpoint used) {
        if (used != chosen && used.credentials() instanceof IdpCredentials.Basic basic) {
            basic.destroy();
        }
    }

    private void handle(Callback... callbacks) throws EcpException {
        if (handler == null) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "no callback handler was given to the SAML20EC"
                    + " client, so it cannot ask for " + callbacks[0].getClass().getSimpleName());
        }
        try {
            handler.handle(callbacks);
        } catch (UnsupportedCallbackException e) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the callback handler does not support "
                    + e.getCallback().getClass().getSimpleName() + ", which the SAML20EC client needs");
        } catch (IOException e) {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "the callback handler failed: "
                    + e.getMessage(), e);
        }
    }
}
