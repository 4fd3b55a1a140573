package dev.samlec.testkit;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Who logged in and how: the directory user, the AuthnContextClassRef describing the method and, for a holder-of-key
 * assertion, the certificate whose key the client proved. Immutable.
 */
final class Authentication {
    private final DirectoryUser user;
    private final String authnContextClassRef;
    private final X509Certificate holderOfKey;

    private Authentication(DirectoryUser user, String authnContextClassRef) {
        this(user, authnContextClassRef, null);
    }

    private Authentication(DirectoryUser user, String authnContextClassRef, X509Certificate holderOfKey) {
        this.user = user;
        this.authnContextClassRef = authnContextClassRef;
        this.holderOfKey = holderOfKey;
    }

    /** This login, with the assertion to be bound to the key of {@code certificate} (holder-of-key). */
    Authentication boundTo(X509Certificate certificate) {
        return new Authentication(user, authnContextClassRef, certificate);
    }

    /** The certificate whose key the assertion is bound to, for a holder-of-key assertion. */
    Optional<X509Certificate> holderOfKey() {
        return Optional.ofNullable(holderOfKey);
    }

    /** A user who gave their password over HTTP Basic (inside TLS or not: the demo IdP does not distinguish). */
    static Authentication password(DirectoryUser user) {
        return new Authentication(user, DemoAttributes.PASSWORD_PROTECTED_TRANSPORT);
    }

    /** A user who presented a verified TLS client certificate. */
    static Authentication tlsClient(DirectoryUser user) {
        return new Authentication(user, DemoAttributes.TLS_CLIENT);
    }

    /** A user who presented a Kerberos ticket over HTTP Negotiate. */
    static Authentication kerberos(DirectoryUser user) {
        return new Authentication(user, DemoAttributes.KERBEROS);
    }

    DirectoryUser user() {
        return user;
    }

    String authnContextClassRef() {
        return authnContextClassRef;
    }
}
