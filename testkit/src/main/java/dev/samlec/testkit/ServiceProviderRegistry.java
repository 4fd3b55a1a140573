package dev.samlec.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The service providers the demo IdP issues assertions to, by entityID. Thread-safe. */
final class ServiceProviderRegistry {
    private final Map<String, ServiceProviderRegistration> byEntityId = new ConcurrentHashMap<>();

    /** Adds the SP, replacing an earlier registration with the same entityID. */
    void register(ServiceProviderRegistration registration) {
        byEntityId.put(registration.entityId(), registration);
    }

    Optional<ServiceProviderRegistration> find(String entityId) {
        return entityId == null ? Optional.empty() : Optional.ofNullable(byEntityId.get(entityId));
    }
}
