package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SubjectAccess;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.LoginException;

/**
 * Logs a user in at a SAML identity provider without {@code jaas.conf}, and runs code as the resulting Subject:
 * the programmatic twin of {@link SamlecLoginModule}'s initiator side, configured with typed values.
 *
 * <pre>{@code
 * SamlecLogin login = SamlecLogin.builder(IdpEndpoint.builder(idpEntityId, idpSoapUrl)
 *                 .pinnedCertificates(idpCa).build())
 *         .checkService("https://broker.example.org/samlec", "kafka@broker.example.org")
 *         .build();
 * Subject subject = login.login("alice", password);          // checks the password at the IdP now
 * SamlecSaslProvider.install();
 * SaslClient client = SamlecLogin.runAs(subject, () -> Sasl.createSaslClient(
 *         new String[] {"SAML20EC"}, null, "kafka", "broker.example.org", Map.of(), null));
 * // evaluate challenges inside runAs as well: the client takes the IdP login from the Subject, no prompt
 * SamlecLogin.logout(subject);                              // destroys the credential
 * }</pre>
 *
 * <p>The returned Subject holds a {@link SamlecPrincipal} and, in its private credentials, a
 * {@link SamlecCredential}; a SAML20EC client running as it ({@link #runAs}) uses that credential for every
 * exchange. Failures are those of the login module: a {@code FailedLoginException} for refused credentials,
 * otherwise a {@code LoginException}, each message starting with the stable error code. Immutable and thread-safe.
 */
public final class SamlecLogin {
    private final IdpEndpoint idp;
    private final IdpLogin login;

    private final boolean holderOfKey;

    private SamlecLogin(Builder b) {
        this.idp = b.idp;
        this.holderOfKey = b.holderOfKey;
        this.login = new IdpLogin(Optional.ofNullable(b.check)
                .map(c -> new CredentialCheck(c, b.clock, b.random, true)), b.holderOfKey);
    }

    /**
     * A builder for logins at {@code idp}. Its credentials are used by {@link #login()}; the other methods supply
     * their own.
     *
     * @param idp the IdP's endpoint: URL, entity ID, TLS trust, timeouts and optionally credentials
     * @return the builder
     */
    public static Builder builder(IdpEndpoint idp) {
        return new Builder(idp);
    }

    /**
     * Logs in with the endpoint's own credentials: a TLS client certificate (the principal is its subject CN), HTTP
     * Basic credentials, or Kerberos over HTTP Negotiate (the principal is the client of the ticket-granting ticket
     * chosen now, and the credential stays bound to it; the tickets are read at each exchange). Certificate and Basic
     * credentials are copied into the Subject, so {@link #logout} never destroys the application's.
     *
     * @return a new Subject holding the principal and the credential
     * @throws LoginException with {@code credentials_unavailable} if the endpoint has no credentials;
     *     {@code FailedLoginException} if the IdP refuses them
     */
    public Subject login() throws LoginException {
        IdpCredentials credentials = idp.credentials();
        if (credentials instanceof IdpCredentials.ClientCertificate certificate) {
            // a copy of the key password: logging a Subject out destroys its credential, not the application's
            IdpCredentials.ClientCertificate own = copy(certificate);
            return subject(login.authenticate(idp.withCredentials(own), ClientCertificates.userName(own)));
        }
        if (credentials instanceof IdpCredentials.Basic basic) {
            char[] password = basic.password();
            try {
                return login(basic.user(), password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        if (credentials instanceof IdpCredentials.Negotiate negotiate) {
            KerberosPrincipal client;
            try {
                client = negotiate.clientPrincipal();
            } catch (EcpException e) {
                throw LoginFailures.of(e);
            }
            return subject(login.authenticate(idp.withCredentials(negotiate.withClient(client)), client.getName()));
        }
        throw LoginFailures.credentialsUnavailable("the IdP endpoint " + idp.entityId() + " has no credentials;"
                + " use login(user, password) or login(CallbackHandler)", null);
    }

    /**
     * Logs in with HTTP Basic; {@code password} is copied (the caller wipes its own array).
     *
     * @param user the user name at the IdP
     * @param password the password
     * @return a new Subject holding the principal and the credential
     * @throws LoginException {@code FailedLoginException} if the IdP refuses the credentials;
     *     {@code credentials_unavailable} for a {@link Builder#holderOfKey()} login
     */
    public Subject login(String user, char[] password) throws LoginException {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (holderOfKey) {
            throw LoginFailures.credentialsUnavailable("this login is holder-of-key: it binds assertions to the"
                    + " endpoint's client certificate and cannot log in with a password; use login()", null);
        }
        try {
            return subject(login.authenticate(idp.withCredentials(IdpCredentials.basic(user, password)), user));
        } catch (EcpConfigurationException e) {
            throw LoginFailures.credentialsUnavailable(e.getMessage(), e);
        }
    }

    /**
     * Logs in with the endpoint's client certificate, if it has one; otherwise with the user name and password
     * from {@code handler}'s {@code NameCallback} and {@code PasswordCallback} (the callback is cleared).
     *
     * @param handler asked for the user name and password
     * @return a new Subject holding the principal and the credential
     * @throws LoginException {@code FailedLoginException} if the IdP refuses the credentials, or
     *     {@code credentials_unavailable} if the handler gives none
     */
    public Subject login(CallbackHandler handler) throws LoginException {
        if (idp.credentials() instanceof IdpCredentials.ClientCertificate) {
            return login();
        }
        return subject(new PasswordLogin(login, idp.withCredentials(IdpCredentials.none()), handler, new HashMap<>(),
                PasswordSharing.NONE).login());
    }

    /**
     * Runs {@code action} as {@code subject}, on every JDK from 17 on ({@code Subject.callAs} where the JDK has it,
     * {@code Subject.doAs} before).
     *
     * @param <T> the action's result type
     * @param subject the Subject to run as
     * @param action the code to run
     * @return what the action returns
     * @throws Exception what the action throws
     */
    public static <T> T runAs(Subject subject, Callable<T> action) throws Exception {
        return SubjectAccess.callAs(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(action,
                "action"));
    }

    /**
     * Ends the samlec logins in {@code subject}: destroys its {@link SamlecCredential}s (wiping passwords) and
     * removes them and its {@link SamlecPrincipal}s.
     *
     * @param subject a Subject from {@link #login()} or the other login methods
     */
    public static void logout(Subject subject) {
        for (SamlecCredential credential : subject.getPrivateCredentials(SamlecCredential.class)) {
            credential.destroy();
            subject.getPrivateCredentials().remove(credential);
        }
        subject.getPrincipals().removeAll(subject.getPrincipals(SamlecPrincipal.class));
    }

    private static IdpCredentials.ClientCertificate copy(IdpCredentials.ClientCertificate certificate)
            throws LoginException {
        char[] password = certificate.keyPassword();
        try {
            return certificate.alias().isPresent()
                    ? IdpCredentials.clientCertificate(certificate.keyStore(), password, certificate.alias().get())
                    : IdpCredentials.clientCertificate(certificate.keyStore(), password);
        } catch (EcpConfigurationException e) {
            throw LoginFailures.credentialsUnavailable(e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static Subject subject(PendingLogin.User user) throws LoginException {
        Subject subject = new Subject();
        user.commitTo(subject, new SubjectEntries());
        return subject;
    }

    @Override
    public String toString() {
        return "SamlecLogin[" + idp.entityId() + " at " + idp.soapUrl() + "]";
    }

    /** Settings for a {@link SamlecLogin}. */
    public static final class Builder {
        private final IdpEndpoint idp;
        private CheckService check;
        private boolean checkDisabled;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private boolean holderOfKey;

        private Builder(IdpEndpoint idp) {
            this.idp = Objects.requireNonNull(idp, "idp");
        }

        /**
         * Checks the credentials at login time with an AuthnRequest for this service (see
         * {@link SamlecLoginModule}'s {@code checkServiceEntityId} and {@code checkServiceName}).
         *
         * @param serviceEntityId the SAML entity ID of a service the user will log in to
         * @param serviceName its SAML20EC service name, e.g. {@code kafka@broker.example.org}
         * @return this builder
         */
        public Builder checkService(String serviceEntityId, String serviceName) {
            this.check = new CheckService(serviceEntityId, serviceName);
            return this;
        }

        /**
         * Skips the login-time check: credentials are then first used at the first SASL exchange.
         *
         * @return this builder
         */
        public Builder skipCredentialCheck() {
            this.checkDisabled = true;
            return this;
        }

        /**
         * Makes the SAML20EC exchanges of the logged-in Subject ask for holder-of-key assertions bound to the
         * endpoint's TLS client certificate, as the login module's {@code holderOfKey=true} does: a client created as
         * the Subject ({@link #runAs}) sends {@code hok} without any SASL property, and the application connection
         * (LDAPS, say) must present the same key. A client created outside the Subject and run inside it is refused
         * at the challenge ({@code invalid_configuration}) rather than logging in for a bearer assertion; the
         * {@code dev.samlec.sasl.idps} and {@code dev.samlec.sasl.holderOfKey} properties, when set, decide instead.
         * Needs an endpoint whose credentials are a client certificate, and {@link #login()} (or
         * {@link #login(CallbackHandler)}, which then uses the certificate); {@link #login(String, char[])} is
         * refused.
         *
         * @return this builder
         */
        public Builder holderOfKey() {
            this.holderOfKey = true;
            return this;
        }

        /**
         * The clock for request IssueInstants (default: the system UTC clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The random source for request IDs (default: a new {@code SecureRandom}).
         *
         * @param value the random source
         * @return this builder
         */
        public Builder secureRandom(SecureRandom value) {
            this.random = Objects.requireNonNull(value, "secureRandom");
            return this;
        }

        /**
         * The login.
         *
         * @return the configured login
         * @throws IllegalStateException unless exactly one of {@link #checkService} and
         *     {@link #skipCredentialCheck()} was called, or for {@link #holderOfKey()} with an endpoint whose
         *     credentials are not a client certificate
         */
        public SamlecLogin build() {
            if ((check != null) == checkDisabled) {
                throw new IllegalStateException("call exactly one of checkService(entityId, serviceName) and"
                        + " skipCredentialCheck()");
            }
            if (holderOfKey && !(idp.credentials() instanceof IdpCredentials.ClientCertificate)) {
                throw new IllegalStateException("holderOfKey() needs an IdP endpoint whose credentials are a TLS"
                        + " client certificate (IdpCredentials.clientCertificate): the assertions are bound to it");
            }
            if (random == null) {
                random = new SecureRandom();
            }
            return new SamlecLogin(this);
        }
    }
}
