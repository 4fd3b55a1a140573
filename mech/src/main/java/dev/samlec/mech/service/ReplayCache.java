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
}
