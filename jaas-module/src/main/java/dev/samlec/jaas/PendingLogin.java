package dev.samlec.jaas;

import dev.samlec.mech.EcpException;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;

/** What a successful {@code login()} holds until {@code commit()} puts it into the Subject or it is discarded. */
sealed interface PendingLogin {

    /** Puts the objects into the Subject, recording them in {@code owned}. */
    void commitTo(Subject subject, SubjectEntries owned) throws LoginException;

    /** Drops the objects without committing them (destroying credentials). */
    void discard();

    /** The initiator's result: the user's principal and the credential the SASL client will use. */
    record User(SamlecPrincipal principal, SamlecCredential credential) implements PendingLogin {
        /** Checks for null. */
        public User {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(credential, "credential");
        }

        @Override
        public void commitTo(Subject subject, SubjectEntries owned) throws LoginException {
            owned.addPrincipal(subject, principal);
            owned.addPrivateCredential(subject, credential);
        }

        @Override
        public void discard() {
            credential.destroy();
        }
    }

    /**
     * The initiator's result with {@code idpAuthentication=negotiate}: nothing is checked in {@code login()}, since in
     * one {@code jaas.conf} entry every {@code login()} runs before any {@code commit()}, so a {@code Krb5LoginModule}
     * placed before samlec's has not yet put its ticket into the Subject. {@code commit()} (which JAAS calls in the
     * entry's order, Kerberos first) then takes the Subject's Kerberos credentials; only when the Subject holds none
     * and {@code useTicketCache=true} is set does it read a credential cache instead (never silently: the default
     * cache belongs to whoever set {@code KRB5CCNAME} or wrote {@code /tmp/krb5cc_<uid>}). The committed principal is
     * the client of the ticket-granting ticket actually chosen, and the credential stays bound to it; a failure there
     * makes JAAS abort the whole login.
     *
     * @param cache the credential cache allowed as a fallback; empty: none
     */
    record Kerberos(IdpLogin login, IdpEndpoint idp, Optional<InitiatorOptions.KerberosCache> cache)
            implements PendingLogin {
        /** Checks for null. */
        public Kerberos {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(idp, "idp");
            Objects.requireNonNull(cache, "cache");
        }

        @Override
        public void commitTo(Subject subject, SubjectEntries owned) throws LoginException {
            IdpCredentials.Negotiate credentials = credentialsFor(subject);
            KerberosPrincipal client;
            try {
                client = credentials.clientPrincipal();
            } catch (EcpException e) {
                throw LoginFailures.of(e);
            }
            login.authenticate(idp.withCredentials(credentials.withClient(client)), client.getName())
                    .commitTo(subject, owned);
        }

        private IdpCredentials.Negotiate credentialsFor(Subject subject) throws LoginException {
            if (holdsKerberos(subject)) {
                return IdpCredentials.negotiate(subject);
            }
            if (cache.isPresent()) {
                return cache.get().file().map(IdpCredentials::negotiateFromTicketCache)
                        .orElseGet(IdpCredentials::negotiateFromTicketCache);
            }
            throw LoginFailures.credentialsUnavailable("idpAuthentication=negotiate: the Subject holds no Kerberos"
                    + " credentials (a Krb5LoginModule before samlec's in this entry put none in: it failed, is"
                    + " optional or sufficient, or is missing); samlec reads no credential cache unless its module"
                    + " sets useTicketCache=true", null);
        }

        private static boolean holdsKerberos(Subject subject) {
            return !subject.getPrincipals(KerberosPrincipal.class).isEmpty()
                    || !subject.getPrivateCredentials(KerberosTicket.class).isEmpty()
                    || !subject.getPrivateCredentials(KerberosKey.class).isEmpty()
                    || !subject.getPrivateCredentials(KeyTab.class).isEmpty();
        }

        @Override
        public void discard() {
            // nothing secret is held: the tickets stay in the Subject or the credential cache
        }
    }

    /**
     * The acceptor's result: the service state the SaslServer finds in the Subject's public credentials, and what it
     * owns that must be closed at {@code logout()} or when the login is discarded (a shared login state store, a
     * metadata refresh thread).
     */
    record Service(SamlecAcceptor acceptor, List<AutoCloseable> resources) implements PendingLogin {
        /** Checks for null and copies the list. */
        public Service {
            Objects.requireNonNull(acceptor, "acceptor");
            resources = List.copyOf(resources);
        }

        @Override
        public void commitTo(Subject subject, SubjectEntries owned) throws LoginException {
            owned.addPublicCredential(subject, acceptor);
            resources.forEach(owned::closeOnRemove);
        }

        @Override
        public void discard() {
            // nothing secret to wipe: the keys stay referenced only by the acceptor, which is dropped
            resources.forEach(Service::closeQuietly);
        }

        static void closeQuietly(AutoCloseable resource) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing a store or a refresh thread of a login that is being dropped: nothing to report to
            }
        }
    }
}
