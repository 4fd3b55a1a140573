package dev.samlec.mech.metadata;

import dev.samlec.mech.service.TrustedIdp;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What samlec needs to know about one identity provider: its entityID, its SOAP single sign-on endpoints (where an
 * ECP client posts the AuthnRequest), the certificates its responses may be signed with, whether it wants signed
 * AuthnRequests, and until when this information is valid.
 *
 * <p>Immutable. Usually produced by {@link MetadataLoader} from SAML metadata, but it can also be built directly
 * from configuration.
 */
public final class IdpMetadata {
    private final String entityId;
    private final List<URI> soapSingleSignOnServices;
    private final List<X509Certificate> signingCertificates;
    private final boolean wantAuthnRequestsSigned;
    private final Instant validUntil;

    /**
     * An IdP description.
     *
     * @param entityId the IdP's entityID; not blank
     * @param soapSingleSignOnServices the SOAP-binding SingleSignOnService locations in preference order; not empty
     * @param signingCertificates the certificates that may sign the IdP's responses; not empty
     * @param wantAuthnRequestsSigned the IdP's {@code WantAuthnRequestsSigned}
     * @param validUntil the earliest {@code validUntil} that applies to the description, if any
     * @throws IllegalArgumentException if a required value is missing or empty
     */
    public IdpMetadata(String entityId, List<URI> soapSingleSignOnServices, List<X509Certificate> signingCertificates,
            boolean wantAuthnRequestsSigned, Optional<Instant> validUntil) {
        if (entityId == null || entityId.isBlank()) {
            throw new IllegalArgumentException("entityId must not be blank");
        }
        if (soapSingleSignOnServices == null || soapSingleSignOnServices.isEmpty()) {
            throw new IllegalArgumentException("IdP " + entityId + ": at least one SOAP SingleSignOnService is needed");
        }
        if (signingCertificates == null || signingCertificates.isEmpty()) {
            throw new IllegalArgumentException("IdP " + entityId + ": at least one signing certificate is needed");
        }
        this.entityId = entityId;
        this.soapSingleSignOnServices = List.copyOf(soapSingleSignOnServices);
        this.signingCertificates = List.copyOf(signingCertificates);
        this.wantAuthnRequestsSigned = wantAuthnRequestsSigned;
        this.validUntil = Objects.requireNonNull(validUntil, "validUntil").orElse(null);
    }

    /** The IdP's entityID. */
    public String entityId() {
        return entityId;
    }

    /** The SOAP-binding SingleSignOnService locations, in document order (the first is the one to use). */
    public List<URI> soapSingleSignOnServices() {
        return soapSingleSignOnServices;
    }

    /** The certificates from KeyDescriptors with {@code use="signing"} or without a {@code use}, in document order. */
    public List<X509Certificate> signingCertificates() {
        return signingCertificates;
    }

    /** Whether the IdP asks for signed AuthnRequests ({@code WantAuthnRequestsSigned="true"}). */
    public boolean wantAuthnRequestsSigned() {
        return wantAuthnRequestsSigned;
    }

    /** The earliest {@code validUntil} of the IdP's descriptor and every element enclosing it, if any is set. */
    public Optional<Instant> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    /**
     * The IdP as a service trusts it: its signing certificates and its {@code WantAuthnRequestsSigned} (a service
     * with {@code IdpTrust.of(metadata.toTrustedIdp())} then signs its requests when the IdP wants them). No scopes:
     * a single IdP's document is trusted as configured by hand.
     */
    public TrustedIdp toTrustedIdp() {
        return new TrustedIdp(entityId, signingCertificates).withWantAuthnRequestsSigned(wantAuthnRequestsSigned);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IdpMetadata)) {
            return false;
        }
        IdpMetadata other = (IdpMetadata) o;
        return wantAuthnRequestsSigned == other.wantAuthnRequestsSigned && entityId.equals(other.entityId)
                && soapSingleSignOnServices.equals(other.soapSingleSignOnServices)
                && signingCertificates.equals(other.signingCertificates)
                && Objects.equals(validUntil, other.validUntil);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, soapSingleSignOnServices, signingCertificates, wantAuthnRequestsSigned,
                validUntil);
    }

    @Override
    public String toString() {
        return "IdpMetadata[entityId=" + entityId + ", soapSingleSignOnServices=" + soapSingleSignOnServices
                + ", signingCertificates=" + signingCertificates.size() + ", wantAuthnRequestsSigned="
                + wantAuthnRequestsSigned + ", validUntil=" + validUntil + "]";
    }
}
