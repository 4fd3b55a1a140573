package dev.samlec.mech.service;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One identity provider a service trusts: its entityID, the only certificates that may verify its signatures, and the
 * scopes its scoped attribute values ({@code eduPersonPrincipalName}, {@code eduPersonScopedAffiliation},
 * {@code subject-id}, {@code pairwise-id}) must fall within.
 *
 * <p>Scopes are enforced when they are given, and always for an IdP described by federation metadata
 * ({@link #withMetadataScopes}): there an IdP without {@code shibmd:Scope} may assert no scoped value at all, as
 * Shibboleth SP rules. An IdP configured by hand without scopes ({@link #TrustedIdp(String, Collection)}) has its
 * scoped values passed through unchecked: the operator who named that one IdP trusts what it says.
 *
 * <p>It also says whether the IdP wants signed AuthnRequests ({@code WantAuthnRequestsSigned} of its metadata's
 * IDPSSODescriptor, {@link #withWantAuthnRequestsSigned}); false for an IdP configured by certificate only. A service
 * signs the requests it addresses to such an IdP ({@link RequestSigningRule}). Immutable.
 */
public final class TrustedIdp {
    private final String entityId;
    private final List<X509Certificate> signingCertificates;
    private final List<IdpScope> scopes;
    private final boolean scopesEnforced;
    private final boolean wantAuthnRequestsSigned;

    /**
     * A trusted IdP.
     *
     * @throws IllegalArgumentException if the entityID is blank or no certificate is given
     */
    public TrustedIdp(String entityId, Collection<X509Certificate> signingCertificates, Collection<IdpScope> scopes) {
        this(entityId, signingCertificates, scopes, !scopes.isEmpty(), false);
    }

    private TrustedIdp(String entityId, Collection<X509Certificate> signingCertificates, Collection<IdpScope> scopes,
            boolean scopesEnforced, boolean wantAuthnRequestsSigned) {
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
        this.scopesEnforced = scopesEnforced;
        this.wantAuthnRequestsSigned = wantAuthnRequestsSigned;
    }

    /**
     * An IdP as federation metadata describes it: its scopes are always enforced, so with none it may assert no
     * scoped attribute value.
     *
     * @throws IllegalArgumentException if the entityID is blank or no certificate is given
     */
    public static TrustedIdp withMetadataScopes(String entityId, Collection<X509Certificate> signingCertificates,
            Collection<IdpScope> scopes) {
        return new TrustedIdp(entityId, signingCertificates, Objects.requireNonNull(scopes, "scopes"), true, false);
    }

    /**
     * This IdP, saying whether it wants signed AuthnRequests (its metadata's {@code WantAuthnRequestsSigned}); the
     * rest unchanged.
     */
    public TrustedIdp withWantAuthnRequestsSigned(boolean value) {
        return value == wantAuthnRequestsSigned ? this
                : new TrustedIdp(entityId, signingCertificates, scopes, scopesEnforced, value);
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

    /** Whether its scoped attribute values are checked against {@link #scopes()} (see the class comment). */
    public boolean scopesEnforced() {
        return scopesEnforced;
    }

    /**
     * Whether the IdP wants signed AuthnRequests ({@code WantAuthnRequestsSigned="true"} in its metadata); false for
     * an IdP configured by certificate only.
     */
    public boolean wantAuthnRequestsSigned() {
        return wantAuthnRequestsSigned;
    }

    /** Whether the scope of a value (the text after its last {@code @}) is within one of {@link #scopes()}. */
    public boolean allowsScope(String scope) {
        for (IdpScope s : scopes) {
            if (s.allows(scope)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TrustedIdp[" + entityId + ", certificates=" + signingCertificates.size() + ", scopes=" + scopes
                + (scopesEnforced ? "" : " (not enforced)") + (wantAuthnRequestsSigned ? ", wants signed requests" : "")
                + "]";
    }
}
