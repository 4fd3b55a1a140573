package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;

/**
 * How the ECP client proves the user's identity to the IdP's SOAP endpoint. The ECP profile leaves this to HTTP;
 * SAML-EC requires clients to support HTTP Basic and TLS client authentication.
 *
 * <ul>
 *   <li>{@link #basic}: HTTP Basic (RFC 7617), sent pre-emptively with the first request, UTF-8 encoded (Shibboleth
 *       IdP's Password flow and Keycloak never send a 401 challenge);
 *   <li>{@link #clientCertificate}: a TLS client certificate and its key from a {@link KeyStore};
 *   <li>{@link #negotiate(Subject)}, {@link #negotiateFromTicketCache()}: Kerberos over HTTP Negotiate (RFC 4559),
 *       sent pre-emptively like requests-ecp, with mutual authentication checked on the IdP's answer;
 *   <li>{@link #none}: no credentials (an IdP that authenticates otherwise, e.g. by network).
 * </ul>
 *
 * <p>Design note: the interface is sealed so that the transport can switch over the kinds exhaustively.
 */
public sealed interface IdpCredentials permits IdpCredentials.Basic, IdpCredentials.ClientCertificate,
        IdpCredentials.Negotiate, IdpCredentials.None {

    /** HTTP Basic credentials; the password is copied (and can be wiped from the copy with {@link Basic#destroy()}). */
    static Basic basic(String user, char[] password) throws EcpConfigurationException {
        return new Basic(user, password);
    }

    /** The only private key entry of {@code keyStore}, unlocked with {@code keyPassword} (copied). */
    static ClientCertificate clientCertificate(KeyStore keyStore, char[] keyPassword)
            throws EcpConfigurationException {
        return new ClientCertificate(keyStore, keyPassword, Optional.empty());
    }

    /** The private key entry {@code alias} of {@code keyStore}, unlocked with {@code keyPassword} (copied). */
    static ClientCertificate clientCertificate(KeyStore keyStore, char[] keyPassword, String alias)
            throws EcpConfigurationException {
        return new ClientCertificate(keyStore, keyPassword, Optional.of(alias));
    }

    /**
     * Kerberos (HTTP Negotiate) with the Kerberos credentials of {@code subject}, e.g. filled by a
     * {@code Krb5LoginModule}. They are looked up at each exchange, not now, so a Subject that a JAAS login is still
     * filling can be passed.
     */
    static Negotiate negotiate(Subject subject) {
        return new Negotiate(Optional.of(Objects.requireNonNull(subject, "subject")), Optional.empty(),
                Negotiate.Mechanism.SPNEGO, Clock.systemUTC(), Optional.empty());
    }

    /**
     * Kerberos (HTTP Negotiate) with the ticket in the default credential cache ({@code KRB5CCNAME}, else the JDK's
     * default {@code /tmp/krb5cc_<uid>}), read at each exchange and never prompting.
     */
    static Negotiate negotiateFromTicketCache() {
        return new Negotiate(Optional.empty(), Optional.empty(), Negotiate.Mechanism.SPNEGO, Clock.systemUTC(),
                Optional.empty());
    }

    /** As {@link #negotiateFromTicketCache()} with the credential cache file {@code ticketCache}. */
    static Negotiate negotiateFromTicketCache(Path ticketCache) {
        return new Negotiate(Optional.empty(), Optional.of(Objects.requireNonNull(ticketCache, "ticketCache")),
                Negotiate.Mechanism.SPNEGO, Clock.systemUTC(), Optional.empty());
    }

    /** No credentials. */
    static None none() {
        return None.INSTANCE;
    }

    /** A short description for messages, never a secret: {@code user alice}, {@code a client certificate}. */
    String describe();

    /** HTTP Basic user and password. */
    final class Basic implements IdpCredentials {
        private final String user;
        private final char[] password;

        private Basic(String user, char[] password) throws EcpConfigurationException {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(Character::isISOControl)) {
                throw new EcpConfigurationException("IdP credentials: the user name must be non-empty without ':'"
                        + " or control characters (RFC 7617), was '" + user + "'");
            }
            this.user = user;
            this.password = password.clone();
        }

        /** The user name. */
        public String user() {
            return user;
        }

        /** A copy of the password; wipe it after use. */
        public char[] password() {
            return password.clone();
        }

        /** Overwrites this object's copy of the password. */
        public void destroy() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String describe() {
            return "user " + user;
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** A TLS client certificate with its private key. */
    final class ClientCertificate implements IdpCredentials {
        private final KeyStore keyStore;
        private final char[] keyPassword;
        private final Optional<String> alias;

        private ClientCertificate(KeyStore keyStore, char[] keyPassword, Optional<String> alias)
                throws EcpConfigurationException {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyPassword = Objects.requireNonNull(keyPassword, "keyPassword").clone();
            this.alias = alias;
            try {
                long keys = Collections.list(keyStore.aliases()).stream().filter(a -> isKey(keyStore, a)).count();
                if (alias.isPresent() ? !isKey(keyStore, alias.get()) : keys != 1) {
                    throw new EcpConfigurationException("IdP client certificate: the key store must hold "
                            + alias.map(a -> "a private key entry '" + a + "'").orElse("exactly one private key entry")
                            + ", found " + keys + " private key entries");
                }
            } catch (GeneralSecurityException e) {
                throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION,
                        "IdP client certificate: the key store cannot be read (" + e.getMessage() + ")", e);
            }
        }

        /** A private key entry: {@code isKeyEntry} is true for secret (symmetric) keys too, which TLS cannot use. */
        private static boolean isKey(KeyStore store, String alias) {
            try {
                return store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        /**
         * The certificate of the key entry (the configured alias, else the only private key entry).
         *
         * @throws EcpConfigurationException if the key store cannot be read or the entry has no X.509 certificate
         */
        public java.security.cert.X509Certificate certificate() throws EcpConfigurationException {
            try {
                String entry = alias.isPresent() ? alias.get() : Collections.list(keyStore.aliases()).stream()
                        .filter(a -> isKey(keyStore, a)).findFirst().orElseThrow();
                if (keyStore.getCertificate(entry) instanceof java.security.cert.X509Certificate certificate) {
                    return certificate;
                }
                throw new EcpConfigurationException("IdP client certificate: the key entry '" + entry + "' has no"
                        + " X.509 certificate");
            } catch (GeneralSecurityException e) {
                throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION,
                        "IdP client certificate: the key store cannot be read (" + e.getMessage() + ")", e);
            }
        }

        /** The key store (not copied: key stores are mutable and the caller owns it). */
        public KeyStore keyStore() {
            return keyStore;
        }

        /** A copy of the key password. */
        public char[] keyPassword() {
            return keyPassword.clone();
        }

        /** The chosen alias, if the key store holds several keys. */
        public Optional<String> alias() {
            return alias;
        }

        /** Wipes this object's copy of the key password (the key store itself belongs to the caller). */
        public void destroy() {
            Arrays.fill(keyPassword, '\0');
        }

        @Override
        public String describe() {
            return "a TLS client certificate";
        }

        @Override
        public String toString() {
            return "ClientCertificate[alias=" + alias.orElse("(only key)") + "]";
        }
    }

    /**
     * Kerberos credentials for HTTP Negotiate: a JAAS Subject holding them, or a credential cache. The token is for
     * the service {@code HTTP@<host of the IdP URL as written>}, mutual authentication requested, no delegation.
     * It is made from a ticket-granting ticket ({@code krbtgt/REALM@REALM}) current by {@link #clock()}, of one
     * principal (of {@link #client()}, when set); service tickets or keys alone, tickets of several principals, and
     * a JVM with {@code javax.security.auth.useSubjectCredsOnly=false} are refused.
     */
    final class Negotiate implements IdpCredentials {
        /** The GSS-API mechanism of the {@code Negotiate} token. */
        public enum Mechanism {
            /** SPNEGO (RFC 4178) wrapping Kerberos: what RFC 4559 specifies and what IIS, Apache mod_auth_gssapi and
             * Java acceptors expect. The default. */
            SPNEGO,
            /** A raw Kerberos 5 token (RFC 4121), as some clients (pykerberos) send and most acceptors take. */
            KERBEROS
        }

        private final Optional<Subject> subject;
        private final Optional<Path> ticketCache;
        private final Mechanism mechanism;
        private final Clock clock;
        private final Optional<KerberosPrincipal> client;

        private Negotiate(Optional<Subject> subject, Optional<Path> ticketCache, Mechanism mechanism, Clock clock,
                Optional<KerberosPrincipal> client) {
            this.subject = subject;
            this.ticketCache = ticketCache;
            this.mechanism = mechanism;
            this.clock = clock;
            this.client = client;
        }

        /** The same credentials with another token mechanism. */
        public Negotiate withMechanism(Mechanism mechanism) {
            return new Negotiate(subject, ticketCache, Objects.requireNonNull(mechanism, "mechanism"), clock, client);
        }

        /** The same credentials judging ticket expiry by {@code clock} (default: the system clock). */
        public Negotiate withClock(Clock clock) {
            return new Negotiate(subject, ticketCache, mechanism, Objects.requireNonNull(clock, "clock"), client);
        }

        /**
         * The same credentials bound to {@code client}: an exchange whose ticket-granting ticket is another
         * principal's (a credential cache replaced since, another ticket put into the Subject) fails with
         * {@code CREDENTIALS_UNAVAILABLE} instead of logging in as that principal.
         */
        public Negotiate withClient(KerberosPrincipal client) {
            return new Negotiate(subject, ticketCache, mechanism, clock,
                    Optional.of(Objects.requireNonNull(client, "client")));
        }

        /**
         * The client principal of the ticket-granting ticket an exchange made now would use, after the same checks
         * as an exchange (no KDC call: the Subject or the credential cache is only read).
         *
         * @throws EcpException {@code CREDENTIALS_UNAVAILABLE} (no, an expired, or an ambiguous ticket; another
         *     principal than {@link #client()}), {@code INVALID_CONFIGURATION}
         *     ({@code javax.security.auth.useSubjectCredsOnly=false})
         */
        public KerberosPrincipal clientPrincipal() throws EcpException {
            return KerberosCredentials.ticketFor(this).getClient();
        }

        /** The principal these credentials are bound to; empty: whoever the ticket-granting ticket is for. */
        public Optional<KerberosPrincipal> client() {
            return client;
        }

        /** The Subject whose Kerberos credentials are used; empty when a credential cache is. */
        public Optional<Subject> subject() {
            return subject;
        }

        /** The credential cache file; empty for the default cache or a Subject. */
        public Optional<Path> ticketCache() {
            return ticketCache;
        }

        /** The token mechanism. */
        public Mechanism mechanism() {
            return mechanism;
        }

        /** The clock ticket expiry is judged by. */
        public Clock clock() {
            return clock;
        }

        @Override
        public String describe() {
            return "Kerberos (HTTP Negotiate) from " + (subject.isPresent() ? "the JAAS Subject"
                    : ticketCache.map(p -> "the credential cache " + p).orElse("the default credential cache"));
        }

        @Override
        public String toString() {
            return "Negotiate[" + mechanism + ", " + (subject.isPresent() ? "Subject"
                    : ticketCache.map(Path::toString).orElse("default ccache")) + "]";
        }
    }

    /** No credentials at all. */
    final class None implements IdpCredentials {
        private static final None INSTANCE = new None();

        private None() {
        }

        @Override
        public String describe() {
            return "no credentials";
        }

        @Override
        public String toString() {
            return "None";
        }
    }
}
