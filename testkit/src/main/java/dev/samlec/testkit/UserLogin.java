package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out who is logging in at the ECP endpoint: a verified TLS client certificate (when the IdP trusts client
 * certificates) names the directory user by its CN and needs no password; otherwise HTTP Basic credentials are
 * checked by an LDAP bind, or, when the IdP has a keytab, a Kerberos token over HTTP Negotiate names the user
 * ({@link NegotiateAcceptor}). A verified certificate wins over credentials sent along with it.
 */
final class UserLogin {
    private static final Logger LOG = LoggerFactory.getLogger(UserLogin.class);

    /** Finds a directory user by uid, without a password. */
    interface UserLookup {
        /** The user, or empty when there is none. */
        Optional<DirectoryUser> find(String uid) throws IOException;
    }

    private final PasswordCheck authenticator;
    private final UserLookup lookup;
    private final Optional<ClientCertificateVerifier> certificates;
    private final Optional<NegotiateAcceptor> negotiate;

    UserLogin(PasswordCheck authenticator, UserLookup lookup,
            Optional<ClientCertificateVerifier> certificates) {
        this(authenticator, lookup, certificates, Optional.empty());
    }

    UserLogin(PasswordCheck authenticator, UserLookup lookup,
            Optional<ClientCertificateVerifier> certificates, Optional<NegotiateAcceptor> negotiate) {
        this.authenticator = authenticator;
        this.lookup = lookup;
        this.certificates = certificates;
        this.negotiate = negotiate;
    }

    /** Whether a 401 also offers {@code WWW-Authenticate: Negotiate}. */
    boolean offersNegotiate() {
        return negotiate.isPresent();
    }

    /**
     * The outcome for this exchange.
     *
     * @throws IOException if the directory fails
     */
    Attempt attempt(HttpExchange exchange) throws IOException {
        Optional<String> uid = certificates.flatMap(c -> c.verifiedUid(exchange));
        if (uid.isPresent()) {
            Optional<DirectoryUser> user = lookup.find(uid.get());
            if (user.isEmpty()) {
                LOG.info("client certificate login refused: no directory user '{}'", printable(uid.get()));
            }
            return new Attempt(true, user.map(Authentication::tlsClient));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (negotiate.isPresent() && NegotiateAcceptor.isNegotiate(authorization)) {
            return kerberos(negotiate.get().accept(authorization));
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorization);
        if (credentials.isEmpty()) {
            return new Attempt(false, Optional.empty());
        }
        try {
            String name = credentials.get().user();
            Optional<DirectoryUser> user = authenticator.authenticate(name, credentials.get().password());
            if (user.isEmpty()) {
                LOG.info("password login refused for user name '{}'", printable(name));
            }
            return new Attempt(true, user.map(Authentication::password));
        } finally {
            credentials.get().clear();
        }
    }

    private Attempt kerberos(NegotiateAcceptor.Result result) throws IOException {
        if (result.uid().isEmpty()) {
            return new Attempt(true, Optional.empty(), result.wwwAuthenticate());
        }
        Optional<DirectoryUser> user = lookup.find(result.uid().get());
        if (user.isEmpty()) {
            LOG.info("Kerberos login refused: no directory user '{}'", printable(result.uid().get()));
        }
        return new Attempt(true, user.map(Authentication::kerberos), result.wwwAuthenticate());
    }

    /** A user name for a log line: at most 64 characters, control characters replaced. */
    static String printable(String user) {
        String shortened = user.length() > 64 ? user.substring(0, 64) + "..." : user;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }

    /** What the request proved: nothing (no credentials), a refused login, or an authenticated user. */
    static final class Attempt {
        private final boolean credentialsPresented;
        private final Optional<Authentication> authentication;
        private final Optional<String> wwwAuthenticate;

        private Attempt(boolean credentialsPresented, Optional<Authentication> authentication) {
            this(credentialsPresented, authentication, Optional.empty());
        }

        private Attempt(boolean credentialsPresented, Optional<Authentication> authentication,
                Optional<String> wwwAuthenticate) {
            this.credentialsPresented = credentialsPresented;
            this.authentication = authentication;
            this.wwwAuthenticate = wwwAuthenticate;
        }

        /** The acceptor's {@code WWW-Authenticate: Negotiate <token>} for the answer (Kerberos logins only). */
        Optional<String> wwwAuthenticate() {
            return wwwAuthenticate;
        }

        /** This attempt with {@code value} as its authenticated user. */
        Attempt with(Authentication value) {
            return new Attempt(credentialsPresented, Optional.of(value), wwwAuthenticate);
        }

        /** Whether a verified certificate, Basic credentials or a Negotiate token came with the request. */
        boolean credentialsPresented() {
            return credentialsPresented;
        }

        /** The authenticated user; empty for a refused login or no credentials. */
        Optional<Authentication> authentication() {
            return authentication;
        }
    }
}
