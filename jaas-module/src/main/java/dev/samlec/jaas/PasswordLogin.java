package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP Basic login: the user name and password come from the JAAS shared state ({@code useFirstPass},
 * {@code tryFirstPass}) or from the {@link CallbackHandler} ({@link NameCallback}, {@link PasswordCallback}), as
 * the JDK's modules do it. {@code storePass} saves prompted credentials into the shared state (never replacing
 * values already there). Every password copy made here is wiped; the callback's is cleared.
 */
final class PasswordLogin {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordLogin.class);

    private final IdpLogin login;
    private final IdpEndpoint idp;
    private final CallbackHandler handler;
    private final Map<String, Object> sharedState;
    private final PasswordSharing sharing;

    PasswordLogin(IdpLogin login, IdpEndpoint idp, CallbackHandler handler, Map<String, Object> sharedState,
            PasswordSharing sharing) {
        this.login = login;
        this.idp = idp;
        this.handler = handler;
        this.sharedState = sharedState;
        this.sharing = sharing;
    }

    /** Logs in with shared or prompted credentials. */
    PendingLogin.User login() throws LoginException {
        if (sharing.readsSharedState()) {
            Optional<String> user = sharedUser();
            Optional<Secret> password = sharedPassword();
            if (user.isPresent() && password.isPresent()) {
                try {
                    return attempt(user.get(), password.get());
                } catch (FailedLoginException e) {
                    if (sharing.useFirstPass()) {
                        throw e;
                    }
                    LOG.debug("tryFirstPass: the shared credentials of {} were refused; prompting", user.get());
                } finally {
                    password.get().wipe();
                }
            } else if (sharing.useFirstPass()) {
                throw LoginFailures.credentialsUnavailable("useFirstPass=true, but the shared state holds no user"
                        + " name and password (" + PasswordSharing.NAME_KEY + ", " + PasswordSharing.PASSWORD_KEY
                        + "); an earlier module with storePass=true must put them there", null);
            }
        }
        Prompted prompted = prompt();
        try {
            PendingLogin.User result = attempt(prompted.user, prompted.password);
            if (sharing.storePass() && sharedState != null && !sharedState.containsKey(PasswordSharing.NAME_KEY)
                    && !sharedState.containsKey(PasswordSharing.PASSWORD_KEY)) {
                sharedState.put(PasswordSharing.NAME_KEY, prompted.user);
                sharedState.put(PasswordSharing.PASSWORD_KEY, prompted.password.copy());
            }
            return result;
        } finally {
            prompted.password.wipe();
        }
    }

    /** Logs in with the credentials given in the options (never prompting); {@code password} is not wiped. */
    PendingLogin.User loginAs(String user, Secret password) throws LoginException {
        return attempt(user, password);
    }

    /** Logs in with these credentials; {@code password} is copied, not wiped. */
    private PendingLogin.User attempt(String user, Secret password) throws LoginException {
        char[] copy = password.copy();
        try {
            return login.authenticate(idp.withCredentials(IdpCredentials.basic(user, copy)), user);
        } catch (EcpConfigurationException e) {
            throw LoginFailures.credentialsUnavailable(e.getMessage(), e);
        } finally {
            Arrays.fill(copy, '\0');
        }
    }

    private Prompted prompt() throws LoginException {
        if (handler == null) {
            throw LoginFailures.credentialsUnavailable("no CallbackHandler was given to ask for the user name and"
                    + " password at " + idp.entityId(), null);
        }
        NameCallback name = new NameCallback("User name at " + idp.entityId() + ": ");
        PasswordCallback password = new PasswordCallback("Password at " + idp.entityId() + ": ", false);
        try {
            handler.handle(new Callback[] {name, password});
        } catch (UnsupportedCallbackException e) {
            password.clearPassword();
            throw LoginFailures.credentialsUnavailable("the CallbackHandler does not support "
                    + e.getCallback().getClass().getSimpleName(), e);
        } catch (IOException e) {
            password.clearPassword();
            throw LoginFailures.credentialsUnavailable("the CallbackHandler failed: " + e.getMessage(), e);
        }
        char[] secret = password.getPassword();
        password.clearPassword();
        if (name.getName() == null || name.getName().isBlank() || secret == null) {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
            throw LoginFailures.credentialsUnavailable("the CallbackHandler gave no user name or no password for "
                    + idp.entityId(), null);
        }
        return new Prompted(name.getName().trim(), Secret.take(secret));
    }

    private Optional<String> sharedUser() {
        Object value = sharedState == null ? null : sharedState.get(PasswordSharing.NAME_KEY);
        return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    private Optional<Secret> sharedPassword() {
        Object value = sharedState == null ? null : sharedState.get(PasswordSharing.PASSWORD_KEY);
        if (value instanceof char[] chars) {
            return Optional.of(Secret.of(chars));
        }
        return value instanceof String s ? Optional.of(Secret.take(s.toCharArray())) : Optional.empty();
    }

    /** Credentials from the handler. */
    private static final class Prompted {
        final String user;
        final Secret password;

        Prompted(String user, Secret password) {
            this.user = user;
            this.password = password;
        }
    }
}
