package dev.samlec.sasl;

import dev.samlec.mech.client.IdpEndpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * A ready client callback handler for applications that already hold the user's IdP settings and password: it
 * answers {@link IdpCallback} with the given IdPs and {@link NameCallback} / {@link PasswordCallback} with the
 * user's name and password (copied in, handed out as copies; wipe it with {@link #clear()} when done).
 */
public final class SamlecCallbackHandler implements CallbackHandler {
    private final List<IdpEndpoint> idps;
    private final String user;
    private final char[] password;

    /** A handler giving these IdPs (most preferred first), this user name and this password. */
    public SamlecCallbackHandler(List<IdpEndpoint> idps, String user, char[] password) {
        this.idps = List.copyOf(idps);
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof IdpCallback idp) {
                idp.setIdps(idps);
            } else if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback pw) {
                pw.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    /** Wipes the password. */
    public void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "SamlecCallbackHandler[" + user + ", " + idps.stream().map(IdpEndpoint::entityId).toList() + "]";
    }
}
