package dev.samlec.jaas;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * The user a samlec login authenticated at the identity provider: the user name as given to the IdP (HTTP Basic),
 * or the subject CN of the TLS client certificate. {@link SamlecLoginModule} and {@link SamlecLogin} put it in the
 * Subject's principals next to a {@link dev.samlec.sasl.SamlecCredential}.
 *
 * <p>It is the name the client logged in with, not the identity a service will see: each service learns the user
 * from the IdP's signed assertion (its NameID or attributes), which the IdP may map differently. Two principals
 * are equal when their names are. Immutable.
 */
public final class SamlecPrincipal implements Principal, Serializable {
    private static final long serialVersionUID = 1L;
    /** The user name as given to the identity provider. */
    private final String name;

    /**
     * A principal for {@code name}.
     *
     * @param name the user name as given to the identity provider
     * @throws IllegalArgumentException if the name is blank
     */
    public SamlecPrincipal(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a samlec principal needs a non-blank name");
        }
        this.name = name;
    }

    /** The user name as given to the identity provider. */
    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamlecPrincipal other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "SamlecPrincipal[" + name + "]";
    }
}
