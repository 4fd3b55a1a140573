package dev.samlec.mech.service;

import java.time.Instant;

/**
 * Remembers accepted assertions so that each is accepted only once (bearer assertions are single-use, SAML profiles
 * §4.1.4.5).
 *
 * <p>The validator calls {@link #checkAndStore} as its very last step, after every other check passed, with the key
 * {@code issuer + "!" + assertionId}. In a cluster the cache must be shared, otherwise an assertion can be replayed
 * once per node. Implementations must be thread-safe.
 */
public interface ReplayCache {
    /**
     * Records {@code key} until {@code expiresAt} if it is not already recorded.
     *
     * @return true if the key was new and is now recorded; false if it was already present, or if it could not be
     *     recorded (an implementation must fail closed rather than forget)
     */
    boolean checkAndStore(String key, Instant expiresAt);

    /**
     * Records {@code key} until {@code expiresAt} if it is not already recorded, telling a replay from a store that
     * could not take the key. The validator calls this; the default maps {@link #checkAndStore} (a refusal reads as
     * {@link Outcome#ALREADY_SEEN}), so an implementation that can tell should override it.
     */
    default Outcome record(String key, Instant expiresAt) {
        return checkAndStore(key, expiresAt) ? Outcome.STORED : Outcome.ALREADY_SEEN;
    }

    /** What {@link #record} did. */
    enum Outcome {
        /** The key was new and is now recorded. */
        STORED,
        /** The key is already recorded (a replay). */
        ALREADY_SEEN,
        /** The key is new but the store is full of unexpired entries; it was not recorded (fail closed). */
        FULL,
        /** The store could not be asked in time (a shared store that is down or slow); nothing was decided, and the
         * assertion is refused (fail closed). */
        UNAVAILABLE
    }
}
