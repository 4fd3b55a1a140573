package dev.samlec.mech.service;

import dev.samlec.mech.EcpException;
import java.time.Instant;

/**
 * The AuthnRequest IDs a service issued and that a Response may still answer: expiring and single-use. A service
 * on several nodes shares one tracker (samlec-redis has one on Redis), so that a challenge issued at one node is
 * consumed at any node, exactly once. Implementations must be thread-safe and fail closed: a tracker that cannot be
 * asked throws {@code state_store_unavailable}, and never reports an ID as consumable because it could not check.
 */
public interface RequestTracker {
    /**
     * Records {@code requestId} as issued now.
     *
     * @return when the ID stops being consumable
     * @throws IllegalArgumentException if the ID is already tracked
     * @throws EcpException {@code state_store_unavailable} if a shared store cannot record it
     */
    Instant track(String requestId) throws EcpException;

    /**
     * Consumes {@code requestId}: true exactly once if it was tracked and has not expired.
     *
     * @throws EcpException {@code state_store_unavailable} if a shared store cannot be asked
     */
    boolean consume(String requestId) throws EcpException;

    /**
     * The tracker of {@code settings}: the one configured with
     * {@link ServiceProviderSettings.Builder#requestTracker}, else a new {@link InMemoryRequestTracker} with the
     * settings' lifetime and bound.
     */
    static RequestTracker forSettings(ServiceProviderSettings settings) {
        return settings.requestTracker().orElseGet(() -> new InMemoryRequestTracker(settings.clock(),
                settings.requestLifetime(), settings.maxOutstandingRequests()));
    }
}
