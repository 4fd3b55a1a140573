package dev.samlec.testkit;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The service providers the demo IdP issues assertions to, by entityID. Thread-safe. */
final class ServiceProviderRegistry {
    private final Map<String, Registration> byEntityId = new ConcurrentHashMap<>();

    void register(String entityId, List<String> acsUrls, X509Certificate encryptionCertificate) {
        byEntityId.put(entityId, new Registration(entityId, acsUrls, encryptionCertificate));
    }

    Optional<Registration> find(String entityId) {
        return entityId == null ? Optional.empty() : Optional.ofNullable(byEntityId.get(entityId));
    }

    /** One registered service provider. */
    static final class Registration {
        private final String entityId;
        private final List<String> acsUrls;
        private final X509Certificate encryptionCertificate;

        Registration(String entityId, List<String> acsUrls, X509Certificate encryptionCertificate) {
            this.entityId = Objects.requireNonNull(entityId, "entityId");
            this.acsUrls = List.copyOf(acsUrls);
            this.encryptionCertificate = encryptionCertificate;
            if (entityId.isBlank() || this.acsUrls.isEmpty()) {
                throw new IllegalArgumentException("a service provider needs an entityID and at least one ACS URL");
            }
        }

        String entityId() {
            return entityId;
        }

        /**
         * The ACS the request asks for: its AssertionConsumerServiceURL if registered, else the URL at its
         * AssertionConsumerServiceIndex, else (neither given) the first registered URL; empty if not acceptable.
         */
        Optional<String> resolveAcs(String requestedUrl, Integer requestedIndex) {
            if (requestedUrl != null) {
                return acsUrls.contains(requestedUrl) ? Optional.of(requestedUrl) : Optional.empty();
            }
            if (requestedIndex != null) {
                return requestedIndex >= 0 && requestedIndex < acsUrls.size()
                        ? Optional.of(acsUrls.get(requestedIndex)) : Optional.empty();
            }
            return Optional.of(acsUrls.get(0));
        }

        /** The certificate to encrypt assertions to, if the SP asked for encryption. */
        Optional<X509Certificate> encryptionCertificate() {
            return Optional.ofNullable(encryptionCertificate);
        }
    }
}
