package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out who is logging in at the ECP endpoint: a verified TLS client certificate (when the IdP trusts client
 * certificates) names the directory user by its CN and needs no password; otherwise HTTP Basic credentials are
 * checked by an LDAP bind. A verified certificate wins over Basic credentials sent along with it.
 */
final class UserLogin {
    private static final Logger LOG = LoggerFactory.getLogger(UserLogin.class);

    /** Finds a directory user by uid, without a password. */
    interface UserLookup {
        /** The user, or empty when there is none. */
        Optional<DirectoryUser> find(String uid) throws IOException;
    }

    private final DirectoryAuthenticator authenticator;
    private final UserLookup lookup;
    private final Optional<ClientCertificateVerifier> certificates;

    UserLogin(DirectoryAuthenticator authenticator, UserLookup lookup,
            Optional<ClientCertificateVerifier> certificates) {
        this.authenticator = authenticator;
        this.lookup = lookup;
        this.certificates = certificates;
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
        Optional<BasicCredentials> credentials =
                BasicCredentials.parse(exchange.getRequestHeaders().getFirst("Authorization"));
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

    /** A user name for a log line: at most 64 characters, control characters replaced. */
    static String printable(String user) {
        String shortened = user.length() > 64 ? user.substring(0, 64) + "..." : user;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }

    /** What the request proved: nothing (no credentials), a refused login, or an authenticated user. */
    static final class Attempt {
        private final boolean credentialsPresented;
        private final Optional<Authentication> authentication;

        private Attempt(boolean credentialsPresented, Optional<Authentication> authentication) {
            this.credentialsPresented = credentialsPresented;
            this.authentication = authentication;
        }

        /** This attempt with {@code value} as its authenticated user. */
        Attempt with(Authentication value) {
            return new Attempt(credentialsPresented, Optional.of(value));
        }

        /** Whether a verified certificate or Basic credentials came with the request. */
        boolean credentialsPresented() {
            return credentialsPresented;
        }

        /** The authenticated user; empty for a refused login or no credentials. */
        Optional<Authentication> authentication() {
            return authentication;
        }
    }
}
