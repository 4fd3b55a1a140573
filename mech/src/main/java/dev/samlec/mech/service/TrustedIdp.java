package dev.samlec.mech.service;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One identity provider a service trusts: its entityID, the only certificates that may verify its signatures, and the
 * scopes its scoped attribute values must fall within (empty: no scope list, so scoped values are not checked
 * against one). Immutable.
 */
public final class TrustedIdp {
    private final String entityId;
    private final List<X509Certificate> signingCertificates;
    private final List<IdpScope> scopes;

    /**
     * A trusted IdP.
     *
     * @throws IllegalArgumentException if the entityID is blank or no certificate is given
     */
    public TrustedIdp(String entityId, Collection<X509Certificate> signingCertificates, Collection<IdpScope> scopes) {
        if (entityId == null || entityId.isBlank()) {
            throw new IllegalArgumentException("trusted IdP entityID must not be blank");
        }
        if (signingCertificates == null || signingCertificates.isEmpty()
                || signingCertificates.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("trusted IdP " + entityId
                    + ": at least one signing certificate is needed (and none may be null)");
        }
        this.entityId = entityId;
        this.signingCertificates = List.copyOf(signingCertificates);
        this.scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }

    /** A trusted IdP without scopes. */
    public TrustedIdp(String entityId, Collection<X509Certificate> signingCertificates) {
        this(entityId, signingCertificates, List.of());
    }

    /** The IdP's entityID. */
    public String entityId() {
        return entityId;
    }

    /** The certificates its signatures are verified with (used as raw keys). */
    public List<X509Certificate> signingCertificates() {
        return signingCertificates;
    }

    /** Its {@code shibmd:Scope} values; empty when none are known. */
    public List<IdpScope> scopes() {
        return scopes;
    }

    @Override
    public String toString() {
        return "TrustedIdp[" + entityId + ", certificates=" + signingCertificates.size() + ", scopes=" + scopes + "]";
    }
}
