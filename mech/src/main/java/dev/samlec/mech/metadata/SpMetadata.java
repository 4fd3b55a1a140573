package dev.samlec.mech.metadata;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an identity provider needs to know about a service provider: its entity ID, its AssertionConsumerService
 * locations (PAOS ones first, then the others in document order) and its encryption certificate, if any.
 */
public final class SpMetadata {
    private final String entityId;
    private final List<String> assertionConsumerServiceUrls;
    private final Optional<X509Certificate> encryptionCertificate;

    /** A service provider description; at least one ACS URL. */
    public SpMetadata(String entityId, List<String> assertionConsumerServiceUrls,
            Optional<X509Certificate> encryptionCertificate) {
        this.entityId = Objects.requireNonNull(entityId, "entityId");
        this.assertionConsumerServiceUrls = List.copyOf(assertionConsumerServiceUrls);
        this.encryptionCertificate = Objects.requireNonNull(encryptionCertificate, "encryptionCertificate");
        if (entityId.isBlank() || this.assertionConsumerServiceUrls.isEmpty()) {
            throw new IllegalArgumentException("an SP needs an entity ID and at least one ACS URL");
        }
    }

    /** The SP's entity ID. */
    public String entityId() {
        return entityId;
    }

    /** The ACS locations, PAOS first. */
    public List<String> assertionConsumerServiceUrls() {
        return assertionConsumerServiceUrls;
    }

    /** The certificate to encrypt assertions to (a KeyDescriptor use="encryption"). */
    public Optional<X509Certificate> encryptionCertificate() {
        return encryptionCertificate;
    }

    @Override
    public String toString() {
        return "SpMetadata[" + entityId + ", ACS " + assertionConsumerServiceUrls + "]";
    }
}
