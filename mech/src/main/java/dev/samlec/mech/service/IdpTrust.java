package dev.samlec.mech.service;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identity providers a service trusts, each with the only certificates its signatures are checked against.
 *
 * <p>A signature is verified exclusively with the certificates configured here for the entityID named in the signed
 * object's Issuer; a key or certificate sent in a message's KeyInfo is never used. Certificates are used as raw keys:
 * their validity dates and issuers are not checked (the usual SAML metadata trust model), so rotate them here.
 * Immutable.
 */
public final class IdpTrust {
    private final Map<String, List<X509Certificate>> certificatesByEntity;

    private IdpTrust(Map<String, List<X509Certificate>> certificatesByEntity) {
        this.certificatesByEntity = certificatesByEntity;
    }

    /** Trust in exactly one IdP. */
    public static IdpTrust of(String entityId, Collection<X509Certificate> signingCertificates) {
        return builder().add(entityId, signingCertificates).build();
    }

    /** A builder for trust in several IdPs. */
    public static Builder builder() {
        return new Builder();
    }

    /** The trusted entityIDs, in the order they were added. */
    public Set<String> entityIds() {
        return certificatesByEntity.keySet();
    }

    /** Whether {@code entityId} is a trusted IdP. */
    public boolean trusts(String entityId) {
        return entityId != null && certificatesByEntity.containsKey(entityId);
    }

    /** The signing certificates of {@code entityId}; empty if it is not trusted. */
    public List<X509Certificate> certificatesOf(String entityId) {
        return entityId == null ? List.of() : certificatesByEntity.getOrDefault(entityId, List.of());
    }

    /** The only trusted IdP, when exactly one is configured (then every Response must come from it). */
    public Optional<String> soleIdp() {
        return certificatesByEntity.size() == 1
                ? Optional.of(certificatesByEntity.keySet().iterator().next())
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "IdpTrust" + certificatesByEntity.keySet();
    }

    /** Collects trusted IdPs. */
    public static final class Builder {
        private final Map<String, List<X509Certificate>> map = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Trusts {@code entityId} with the given signing certificates (added to any already given for it).
         *
         * @throws IllegalArgumentException if the entityID is blank or no certificate is given
         */
        public Builder add(String entityId, Collection<X509Certificate> signingCertificates) {
            if (entityId == null || entityId.isBlank()) {
                throw new IllegalArgumentException("trusted IdP entityID must not be blank");
            }
            if (signingCertificates == null || signingCertificates.isEmpty()
                    || signingCertificates.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("trusted IdP " + entityId
                        + ": at least one signing certificate is needed (and none may be null)");
            }
            map.computeIfAbsent(entityId, k -> new ArrayList<>()).addAll(signingCertificates);
            return this;
        }

        /** The trust set. */
        public IdpTrust build() {
            if (map.isEmpty()) {
                throw new IllegalArgumentException("at least one trusted IdP is needed");
            }
            Map<String, List<X509Certificate>> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new IdpTrust(java.util.Collections.unmodifiableMap(copy));
        }
    }
}
