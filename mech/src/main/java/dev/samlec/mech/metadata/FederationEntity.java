package dev.samlec.mech.metadata;

import dev.samlec.mech.service.IdpScope;
import dev.samlec.mech.service.TrustedIdp;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SAML 2.0 identity provider of a metadata aggregate, reduced to what samlec uses: its entityID, registration
 * authority and entity attributes (for filters), the certificates of its IDPSSODescriptor that may sign (never an
 * {@code use="encryption"} key), its SOAP SingleSignOnService locations (empty when it does not offer ECP), its
 * {@code shibmd:Scope}s, its {@code mdui:DisplayName}s and until when the description is valid.
 *
 * <p>Immutable and small: the aggregate's DOM is not retained.
 */
public final class FederationEntity {
    private final String entityId;
    private final String registrationAuthority;
    private final Map<String, List<String>> entityAttributes;
    private final List<X509Certificate> signingCertificates;
    private final List<URI> soapSingleSignOnServices;
    private final List<IdpScope> scopes;
    private final Map<String, String> displayNames;
    private final boolean wantAuthnRequestsSigned;
    private final Instant validUntil;

    FederationEntity(String entityId, String registrationAuthority, Map<String, List<String>> entityAttributes,
            List<X509Certificate> signingCertificates, List<URI> soapSingleSignOnServices, List<IdpScope> scopes,
            Map<String, String> displayNames, boolean wantAuthnRequestsSigned, Instant validUntil) {
        this.entityId = Objects.requireNonNull(entityId, "entityId");
        this.registrationAuthority = registrationAuthority;
        this.entityAttributes = Map.copyOf(entityAttributes);
        this.signingCertificates = List.copyOf(signingCertificates);
        this.soapSingleSignOnServices = List.copyOf(soapSingleSignOnServices);
        this.scopes = List.copyOf(scopes);
        this.displayNames = Map.copyOf(displayNames);
        this.wantAuthnRequestsSigned = wantAuthnRequestsSigned;
        this.validUntil = validUntil;
    }

    /** The entityID. */
    public String entityId() {
        return entityId;
    }

    /** The {@code mdrpi:RegistrationInfo registrationAuthority}, if the entity has one. */
    public Optional<String> registrationAuthority() {
        return Optional.ofNullable(registrationAuthority);
    }

    /**
     * The {@code mdattr:EntityAttributes} of the entity and of every EntitiesDescriptor enclosing it: attribute Name to
     * its values (e.g. {@code http://macedir.org/entity-category} to the REFEDS R&amp;S category).
     */
    public Map<String, List<String>> entityAttributes() {
        return entityAttributes;
    }

    /** Whether the entity attribute {@code name} has the value {@code value}. */
    public boolean hasEntityAttribute(String name, String value) {
        return entityAttributes.getOrDefault(name, List.of()).contains(value);
    }

    /** The certificates of KeyDescriptors with {@code use="signing"} or no {@code use}; may be empty. */
    public List<X509Certificate> signingCertificates() {
        return signingCertificates;
    }

    /** The SOAP-binding SingleSignOnService locations (absolute http(s) URLs), in document order; empty: no ECP. */
    public List<URI> soapSingleSignOnServices() {
        return soapSingleSignOnServices;
    }

    /** Whether the IdP offers ECP (it has a SOAP SingleSignOnService). */
    public boolean offersEcp() {
        return !soapSingleSignOnServices.isEmpty();
    }

    /** The {@code shibmd:Scope}s of the IdP role and of the entity. */
    public List<IdpScope> scopes() {
        return scopes;
    }

    /** The {@code mdui:DisplayName}s by language tag (lower case; {@code ""} when the tag is missing). */
    public Map<String, String> displayNames() {
        return displayNames;
    }

    /** A display name: English if present, else any, else the entityID. */
    public String displayName() {
        String english = displayNames.get("en");
        if (english != null) {
            return english;
        }
        return displayNames.values().stream().sorted().findFirst().orElse(entityId);
    }

    /**
     * Whether {@code text} equals one of the display names (any language), ignoring case. Only says how an IdP
     * matched: an equal name is no reason to prefer an IdP over others whose name contains the text (see
     * {@link FederationIdpDirectory#resolve(String)}).
     */
    public boolean hasDisplayName(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return displayNames.values().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(wanted));
    }

    /** The IdP's {@code WantAuthnRequestsSigned}. */
    public boolean wantAuthnRequestsSigned() {
        return wantAuthnRequestsSigned;
    }

    /** The earliest {@code validUntil} of the IdP role, the entity and every enclosing group, if any. */
    public Optional<Instant> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    /**
     * The entity as a trusted IdP (its signing certificates and scopes, which are enforced even when there are none:
     * see {@link TrustedIdp#withMetadataScopes}, and its {@code WantAuthnRequestsSigned}).
     *
     * @throws IllegalStateException if it has no signing certificate (such entities are never trusted)
     */
    public TrustedIdp toTrustedIdp() {
        if (signingCertificates.isEmpty()) {
            throw new IllegalStateException("IdP " + entityId + " has no signing certificate");
        }
        return TrustedIdp.withMetadataScopes(entityId, signingCertificates, scopes)
                .withWantAuthnRequestsSigned(wantAuthnRequestsSigned);
    }

    /**
     * The entity as the {@link IdpMetadata} an ECP client needs.
     *
     * @throws IllegalStateException if it offers no ECP endpoint or has no signing certificate
     */
    public IdpMetadata toIdpMetadata() {
        if (!offersEcp() || signingCertificates.isEmpty()) {
            throw new IllegalStateException("IdP " + entityId + " has no SOAP SingleSignOnService or no signing key");
        }
        return new IdpMetadata(entityId, soapSingleSignOnServices, signingCertificates, wantAuthnRequestsSigned,
                validUntil());
    }

    @Override
    public String toString() {
        return "FederationEntity[" + entityId + ", ecp=" + offersEcp() + ", certificates=" + signingCertificates.size()
                + ", scopes=" + scopes + ", displayName=" + displayName() + "]";
    }
}
