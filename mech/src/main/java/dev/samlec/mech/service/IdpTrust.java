package dev.samlec.mech.service;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
 * Immutable; lookups are O(1).
 */
public final class IdpTrust implements IdpTrustSource {
    private static final int MAX_NAMES_IN_DESCRIPTION = 5;
    private final Map<String, TrustedIdp> idps;
    private final Optional<String> wantingSignedRequests;

    private IdpTrust(Map<String, TrustedIdp> idps) {
        this.idps = idps;
        this.wantingSignedRequests = idps.values().stream().filter(TrustedIdp::wantAuthnRequestsSigned)
                .map(TrustedIdp::entityId).findFirst();
    }

    /** Trust in exactly one IdP. */
    public static IdpTrust of(String entityId, Collection<X509Certificate> signingCertificates) {
        return builder().add(entityId, signingCertificates).build();
    }

    /** Trust in exactly one IdP as described (e.g. {@code IdpMetadata.toTrustedIdp()}, its signing flag kept). */
    public static IdpTrust of(TrustedIdp idp) {
        return builder().add(idp).build();
    }

    /** A builder for trust in several IdPs. */
    public static Builder builder() {
        return new Builder();
    }

    /** The trusted entityIDs, in the order they were added. */
    public Set<String> entityIds() {
        return idps.keySet();
    }

    /** The number of trusted IdPs. */
    public int size() {
        return idps.size();
    }

    /** Whether {@code entityId} is a trusted IdP. */
    public boolean trusts(String entityId) {
        return entityId != null && idps.containsKey(entityId);
    }

    /** The signing certificates of {@code entityId}; empty if it is not trusted. */
    public List<X509Certificate> certificatesOf(String entityId) {
        TrustedIdp idp = entityId == null ? null : idps.get(entityId);
        return idp == null ? List.of() : idp.signingCertificates();
    }

    @Override
    public Optional<TrustedIdp> find(String entityId) {
        return entityId == null ? Optional.empty() : Optional.ofNullable(idps.get(entityId));
    }

    /** The only trusted IdP, when exactly one is configured (then every Response must come from it). */
    @Override
    public Optional<String> soleIdp() {
        return idps.size() == 1 ? Optional.of(idps.keySet().iterator().next()) : Optional.empty();
    }

    /** The first configured IdP that wants signed AuthnRequests: every IdP here was named by the service. */
    @Override
    public Optional<String> idpWantingSignedRequests() {
        return wantingSignedRequests;
    }

    @Override
    public String describe() {
        if (idps.size() <= MAX_NAMES_IN_DESCRIPTION) {
            return "IdpTrust" + idps.keySet();
        }
        List<String> first = new ArrayList<>(idps.keySet()).subList(0, MAX_NAMES_IN_DESCRIPTION);
        return "IdpTrust" + first.toString().replace("]", ", ... " + (idps.size() - MAX_NAMES_IN_DESCRIPTION)
                + " more]");
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Collects trusted IdPs. */
    public static final class Builder {
        private final Map<String, TrustedIdp> map = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Trusts {@code entityId} with the given signing certificates (added to any already given for it).
         *
         * @throws IllegalArgumentException if the entityID is blank or no certificate is given
         */
        public Builder add(String entityId, Collection<X509Certificate> signingCertificates) {
            return add(new TrustedIdp(entityId, signingCertificates));
        }

        /**
         * Trusts {@code idp} (its certificates and scopes are added to any already given for its entityID; it wants
         * signed requests if either says so).
         */
        public Builder add(TrustedIdp idp) {
            map.merge(idp.entityId(), idp, Builder::merged);
            return this;
        }

        /** The trust set. */
        public IdpTrust build() {
            if (map.isEmpty()) {
                throw new IllegalArgumentException("at least one trusted IdP is needed");
            }
            return new IdpTrust(Collections.unmodifiableMap(new LinkedHashMap<>(map)));
        }

        private static TrustedIdp merged(TrustedIdp a, TrustedIdp b) {
            List<X509Certificate> certificates = new ArrayList<>(a.signingCertificates());
            certificates.addAll(b.signingCertificates());
            List<IdpScope> scopes = new ArrayList<>(a.scopes());
            scopes.addAll(b.scopes());
            TrustedIdp merged = a.scopesEnforced() || b.scopesEnforced()
                    ? TrustedIdp.withMetadataScopes(a.entityId(), certificates, scopes)
                    : new TrustedIdp(a.entityId(), certificates, scopes);
            return merged.withWantAuthnRequestsSigned(a.wantAuthnRequestsSigned() || b.wantAuthnRequestsSigned());
        }
    }
}
