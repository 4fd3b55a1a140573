package dev.samlec.jaas;

import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import java.util.Objects;
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
