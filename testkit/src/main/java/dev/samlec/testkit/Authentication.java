package dev.samlec.testkit;

/** Who logged in and how: the directory user and the AuthnContextClassRef describing the method. Immutable. */
final class Authentication {
    private final DirectoryUser user;
    private final String authnContextClassRef;

    private Authentication(DirectoryUser user, String authnContextClassRef) {
        this.user = user;
        this.authnContextClassRef = authnContextClassRef;
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
