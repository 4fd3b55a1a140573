package dev.samlec.sasl;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.Destroyable;

/**
 * A user's identity-provider login, kept in a JAAS {@code Subject}'s private credentials: the IdPs to use, each
 * with the credentials to present (HTTP Basic, a TLS client certificate, or Kerberos over HTTP Negotiate, whose
 * tickets stay in the Subject or credential cache and are read at each exchange). A SAML20EC client running as that
 * Subject ({@link SubjectAccess#callAs}) uses it for every exchange, including re-authentication, without
 * prompting. Put there by samlec's LoginModule, or by an application that logs the user in itself.
 *
 * <p>{@link #destroy()} wipes the passwords it holds; afterwards {@link #idps()} fails. {@code toString()} shows no
 * secret.
 */
public final class SamlecCredential implements Destroyable {
    private final String user;
    private final List<IdpEndpoint> idps;
    private final Optional<IdpCredentials.ClientCertificate> holderOfKey;
    private volatile boolean destroyed;

    /**
     * A credential for {@code user} (the name given to the IdP, or the certificate subject).
     *
     * @param idps the IdPs with their credentials, most preferred first; at least one
     */
    public SamlecCredential(String user, List<IdpEndpoint> idps) {
        this(user, idps, Optional.empty());
    }

    /**
     * A credential whose SAML20EC exchanges ask for holder-of-key assertions bound to {@code holderOfKey}, as the
     * SASL property {@code SamlecSasl.HOLDER_OF_KEY} does (the property, when set, still decides): the client sends
     * {@code hok} and the IdP request asks for that confirmation method. The IdP binds only a key the client proved
     * to it, so every endpoint must log in with this very certificate; the application connection must present it
     * too.
     *
     * @throws IllegalArgumentException if an endpoint logs in with other credentials
     */
    public SamlecCredential(String user, List<IdpEndpoint> idps, IdpCredentials.ClientCertificate holderOfKey) {
        this(user, idps, Optional.of(Objects.requireNonNull(holderOfKey, "holderOfKey")));
        for (IdpEndpoint idp : this.idps) {
            if (idp.credentials() != holderOfKey) {
                throw new IllegalArgumentException("the holder-of-key certificate must be the TLS client certificate"
                        + " every identity provider is logged in with; " + idp.entityId() + " uses "
                        + idp.credentials().getClass().getSimpleName());
            }
        }
    }

    private SamlecCredential(String user, List<IdpEndpoint> idps,
            Optional<IdpCredentials.ClientCertificate> holderOfKey) {
        this.user = Objects.requireNonNull(user, "user");
        this.idps = List.copyOf(idps);
        this.holderOfKey = holderOfKey;
        if (this.idps.isEmpty()) {
            throw new IllegalArgumentException("a SamlecCredential needs at least one identity provider");
        }
    }

    /**
     * The newest live (not destroyed) samlec credential of {@code subject}: the last one added, since a Subject's
     * credential set keeps insertion order (its {@code getPrivateCredentials(Class)} copy does not, so it is not
     * used).
     */
    public static Optional<SamlecCredential> newestIn(Subject subject) {
        SamlecCredential newest = null;
        for (Object credential : subject.getPrivateCredentials()) {
            if (credential instanceof SamlecCredential samlec && !samlec.isDestroyed()) {
                newest = samlec;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** The client certificate holder-of-key assertions are to be bound to; empty for bearer assertions. */
    public Optional<IdpCredentials.ClientCertificate> holderOfKey() {
        return holderOfKey;
    }

    /** The user name as given to the identity provider. */
    public String user() {
        return user;
    }

    /**
     * The identity providers with their credentials.
     *
     * @throws IllegalStateException after {@link #destroy()}
     */
    public List<IdpEndpoint> idps() {
        if (destroyed) {
            throw new IllegalStateException("the samlec credential of " + user + " has been destroyed (logged out)");
        }
        return idps;
    }

    /** Wipes the passwords (Basic, and client-certificate key passwords); the credential cannot be used afterwards. */
    @Override
    public void destroy() {
        destroyed = true;
        for (IdpEndpoint idp : idps) {
            if (idp.credentials() instanceof IdpCredentials.Basic basic) {
                basic.destroy();
            } else if (idp.credentials() instanceof IdpCredentials.ClientCertificate certificate) {
                certificate.destroy();
            }
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SamlecCredential[" + user + ", " + idps.stream().map(IdpEndpoint::entityId).toList()
                + (holderOfKey.isPresent() ? ", holder-of-key" : "") + (destroyed ? ", destroyed" : "") + "]";
    }
}
