package dev.samlec.jaas;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
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
     * entry's order, Kerberos first) then chooses the credentials (the Subject's Kerberos ticket or keys, else the
     * default credential cache), runs the credential check with them and commits the result; a failure there makes
     * JAAS abort the whole login.
     */
    record Kerberos(IdpLogin login, IdpEndpoint idp) implements PendingLogin {
        /** Checks for null. */
        public Kerberos {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(idp, "idp");
        }

        @Override
        public void commitTo(Subject subject, SubjectEntries owned) throws LoginException {
            Optional<KerberosPrincipal> principal = subject.getPrincipals(KerberosPrincipal.class).stream().findFirst();
            boolean inSubject = principal.isPresent()
                    || !subject.getPrivateCredentials(KerberosTicket.class).isEmpty();
            IdpCredentials.Negotiate credentials = inSubject ? IdpCredentials.negotiate(subject)
                    : IdpCredentials.negotiateFromTicketCache();
            String user = principal.map(KerberosPrincipal::getName).orElse("(Kerberos default credential cache)");
            login.authenticate(idp.withCredentials(credentials), user).commitTo(subject, owned);
        }

        @Override
        public void discard() {
            // nothing secret is held: the tickets stay in the Subject or the credential cache
        }
    }

    /** The acceptor's result: the service state the SaslServer finds in the Subject's public credentials. */
    record Service(SamlecAcceptor acceptor) implements PendingLogin {
        /** Checks for null. */
        public Service {
            Objects.requireNonNull(acceptor, "acceptor");
        }

        @Override
        public void commitTo(Subject subject, SubjectEntries owned) throws LoginException {
            owned.addPublicCredential(subject, acceptor);
        }

        @Override
        public void discard() {
            // nothing secret to wipe: the keys stay referenced only by the acceptor, which is dropped
        }
    }
}
