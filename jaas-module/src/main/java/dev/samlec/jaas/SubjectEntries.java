package dev.samlec.jaas;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects one login module instance put into a Subject, so that it removes exactly those (compared by
 * identity, never by {@code equals}) and leaves everything another module or another login added. An object the
 * Subject already held an equal copy of was not added, so it is not owned and not removed.
 */
final class SubjectEntries {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectEntries.class);

    private final List<Principal> principals = new ArrayList<>();
    private final List<Object> privateCredentials = new ArrayList<>();
    private final List<Object> publicCredentials = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Adds a principal. */
    void addPrincipal(Subject subject, Principal principal) throws LoginException {
        if (add(subject, subject.getPrincipals(), principal)) {
            principals.add(principal);
        }
    }

    /** Adds a private credential. */
    void addPrivateCredential(Subject subject, Object credential) throws LoginException {
        if (add(subject, subject.getPrivateCredentials(), credential)) {
            privateCredentials.add(credential);
        }
    }

    /** Adds a public credential. */
    void addPublicCredential(Subject subject, Object credential) throws LoginException {
        if (add(subject, subject.getPublicCredentials(), credential)) {
            publicCredentials.add(credential);
        }
    }

    /** Closes {@code resource} (e.g. a shared login state store's connection) when the entries are removed. */
    void closeOnRemove(AutoCloseable resource) {
        resources.add(resource);
    }

    /** Whether nothing is owned. */
    boolean isEmpty() {
        return principals.isEmpty() && privateCredentials.isEmpty() && publicCredentials.isEmpty()
                && resources.isEmpty();
    }

    /**
     * Removes every owned object from the Subject by identity and destroys the owned credentials (even when the
     * Subject is read-only, so secrets are wiped in any case). Afterwards nothing is owned.
     *
     * @throws LoginException if the Subject is read-only
     */
    void removeFrom(Subject subject) throws LoginException {
        try {
            if (subject != null) {
                removeAll(subject.getPrincipals(), principals);
                removeAll(subject.getPrivateCredentials(), privateCredentials);
                removeAll(subject.getPublicCredentials(), publicCredentials);
            }
        } catch (IllegalStateException e) {
            throw LoginFailures.configuration("the Subject is read-only; samlec's entries could not be"
                    + " removed (its credentials were destroyed)", e);
        } finally {
            privateCredentials.forEach(SubjectEntries::destroy);
            publicCredentials.forEach(SubjectEntries::destroy);
            resources.forEach(SubjectEntries::close);
            resources.clear();
            principals.clear();
            privateCredentials.clear();
            publicCredentials.clear();
        }
    }

    private static <T> boolean add(Subject subject, Set<T> set, T value) throws LoginException {
        if (subject == null) {
            throw LoginFailures.configuration("no Subject was given to the login module", null);
        }
        try {
            return set.add(value);
        } catch (IllegalStateException e) {
            throw LoginFailures.configuration("the Subject is read-only", e);
        }
    }

    private static void removeAll(Set<?> set, List<?> owned) {
        for (Iterator<?> it = set.iterator(); it.hasNext();) {
            Object candidate = it.next();
            if (owned.stream().anyMatch(mine -> mine == candidate)) {
                it.remove();
            }
        }
    }

    static void close(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("a {} could not be closed: {}", resource.getClass().getSimpleName(), e.toString());
        }
    }

    static void destroy(Object credential) {
        if (credential instanceof Destroyable destroyable && !destroyable.isDestroyed()) {
            try {
                destroyable.destroy();
            } catch (DestroyFailedException e) {
                LOG.warn("a {} could not be destroyed: {}", credential.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
