package dev.samlec.sasl;

import dev.samlec.mech.client.IdpEndpoint;
import java.util.List;
import java.util.Objects;
import javax.security.auth.callback.Callback;

/**
 * Asks the application for the identity providers a SAML20EC client may use, in order of preference. The client
 * picks the first one named in the server's IDPList (or the only one configured, when it is configured by URL).
 *
 * <p>An endpoint whose credentials are {@link dev.samlec.mech.client.IdpCredentials#none() none} is completed by a
 * {@link javax.security.auth.callback.NameCallback} and a
 * {@link javax.security.auth.callback.PasswordCallback}: HTTP Basic to the IdP, the password wiped after use.
 */
public final class IdpCallback implements Callback {
    private final String prompt;
    private List<IdpEndpoint> endpoints = List.of();

    /** A callback with a prompt naming the service, for interactive handlers. */
    public IdpCallback(String prompt) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    /** Which service asks, e.g. {@code identity provider for ldap@ldap.example.org}. */
    public String prompt() {
        return prompt;
    }

    /** Sets the identity providers, most preferred first. */
    public void setIdps(List<IdpEndpoint> value) {
        this.endpoints = List.copyOf(value);
    }

    /** The identity providers set by the handler; empty if none. */
    public List<IdpEndpoint> idps() {
        return endpoints;
    }
}
