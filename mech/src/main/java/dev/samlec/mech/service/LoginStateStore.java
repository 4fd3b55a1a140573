package dev.samlec.mech.service;

import java.time.Duration;

/**
 * The login state of one service kept outside the JVM, shared by every node of that service: its {@link ReplayCache}
 * and its {@link RequestTracker}. Made by a {@link LoginStateStores} provider (samlec-redis has one on Redis), it
 * holds connections; close it when the service stops. Both views fail closed: a store that cannot be asked in time
 * refuses the login ({@code state_store_unavailable}), it never accepts one.
 */
public interface LoginStateStore extends AutoCloseable {
    /** The replay cache of this service, shared by its nodes. */
    ReplayCache replayCache();

    /**
     * The tracker of this service's issued AuthnRequest IDs, shared by its nodes.
     *
     * @param lifetime how long an issued ID stays consumable (the service's request lifetime)
     */
    RequestTracker requestTracker(Duration lifetime);

    /** Releases the store's connections; the views then refuse every login. */
    @Override
    void close();
}
