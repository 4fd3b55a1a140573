package dev.samlec.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.directory.api.ldap.model.name.Dn;

/**
 * What a login read about its user after a successful bind (uid, cn, mail, groups), kept for a while so that the
 * same user's next logins skip those reads, as Shibboleth's LDAP data connector can with its result cache. The bind
 * is never skipped: every login still has its password checked by the directory, and only what the directory says
 * about a user who just bound may be up to the time to live old. A cache with a zero time to live (the demo IdP's
 * default) keeps nothing.
 *
 * <p>Keyed by the DN the login bound as; at most {@value #MAX_USERS} users, and a full cache starts over empty rather
 * than choosing whom to evict. Thread-safe.
 */
final class UserReadCache {
    static final int MAX_USERS = 10_000;

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(DirectoryUser user, long expiresAtNanos) {
    }

    /** {@code nanoTime}: a monotonic clock ({@code System::nanoTime}; tests pass their own). */
    UserReadCache(Duration ttl, LongSupplier nanoTime) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the user read cache's time to live must not be negative, was " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Keeps nothing: every login reads its user. */
    static UserReadCache off() {
        return new UserReadCache(Duration.ZERO, System::nanoTime);
    }

    /** What the last read of {@code boundAs} found, if it is younger than the time to live. */
    Optional<DirectoryUser> fresh(Dn boundAs) {
        if (ttlNanos == 0) {
            return Optional.empty();
        }
        Kept entry = kept.get(boundAs.getName());
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.expiresAtNanos() >= 0) {
            kept.remove(boundAs.getName(), entry);
            return Optional.empty();
        }
        return Optional.of(entry.user());
    }

    /** Keeps {@code user}, just read after a bind as {@code boundAs}; returns it. */
    DirectoryUser keep(Dn boundAs, DirectoryUser user) {
        if (ttlNanos == 0) {
            return user;
        }
        if (kept.size() >= MAX_USERS) {
            kept.clear();
        }
        kept.put(boundAs.getName(), new Kept(user, nanoTime.getAsLong() + ttlNanos));
        return user;
    }

    /** How many users are kept (for tests). */
    int size() {
        return kept.size();
    }
}
