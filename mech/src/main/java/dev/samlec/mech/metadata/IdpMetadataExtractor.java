package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;

/** Turns a selected IdP EntityDescriptor into an {@link IdpMetadata}, checking that it is usable for ECP now. */
final class IdpMetadataExtractor {
    private IdpMetadataExtractor() {
    }

    static IdpMetadata extract(EntityDescriptor entity, Clock clock, String source)
            throws EcpConfigurationException {
        if (entity.getEntityID() == null || entity.getEntityID().isBlank()) {
            throw invalid(source + ": the IdP's EntityDescriptor has no entityID");
        }
        IDPSSODescriptor idp = EntitySelector.idpDescriptor(entity);
        String what = source + ": IdP '" + entity.getEntityID() + "'";
        Optional<Instant> validUntil = earliestValidUntil(idp);
        Instant now = clock.instant();
        if (validUntil.isPresent() && !validUntil.get().isAfter(now)) {
            throw invalid(what + " metadata expired: validUntil " + validUntil.get() + " is not after the current"
                    + " time " + now);
        }
        return new IdpMetadata(entity.getEntityID(), soapEndpoints(idp, what), signingCertificates(idp, what),
                Boolean.TRUE.equals(idp.getWantAuthnRequestsSigned()), validUntil);
    }

    /** The earliest validUntil on the descriptor or any enclosing EntityDescriptor / EntitiesDescriptor. */
    private static Optional<Instant> earliestValidUntil(XMLObject start) {
        return Optional.ofNullable(FederationEntityExtractor.earliestValidUntil(start));
    }

    private static List<URI> soapEndpoints(IDPSSODescriptor idp, String what) throws EcpConfigurationException {
        List<URI> endpoints = new ArrayList<>();
        Set<String> bindingsSeen = new LinkedHashSet<>();
        for (SingleSignOnService sso : idp.getSingleSignOnServices()) {
            bindingsSeen.add(String.valueOf(sso.getBinding()));
            if (SAMLConstants.SAML2_SOAP11_BINDING_URI.equals(sso.getBinding())) {
                endpoints.add(httpUrl(sso.getLocation(), what));
            }
        }
        if (endpoints.isEmpty()) {
            throw invalid(what + " has no SingleSignOnService with Binding " + SAMLConstants.SAML2_SOAP11_BINDING_URI
                    + ", so it does not offer ECP (bindings found: " + (bindingsSeen.isEmpty() ? "none" : bindingsSeen)
                    + ")");
        }
        return endpoints;
    }

    private static URI httpUrl(String location, String what) throws EcpConfigurationException {
        String expected = "SOAP SingleSignOnService Location must be an absolute http(s) URL";
        if (location == null || location.isBlank()) {
            throw invalid(what + ": " + expected + ", but it is missing");
        }
        try {
            URI uri = new URI(location.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw invalid(what + ": " + expected + " (value: '" + location + "')");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                    what + ": " + expected + " (value: '" + location + "': " + e.getMessage() + ")", e);
        }
    }

    private static List<X509Certificate> signingCertificates(IDPSSODescriptor idp, String what)
            throws EcpConfigurationException {
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        for (KeyDescriptor descriptor : idp.getKeyDescriptors()) {
            if (!FederationEntityExtractor.mayVerify(descriptor)) {
                continue;
            }
            try {
                certificates.addAll(KeyInfoSupport.getCertificates(descriptor.getKeyInfo()));
            } catch (CertificateException | RuntimeException e) {
                // Cryptacular reports bad base64 as an unchecked StreamException.
                throw new EcpConfigurationException(EcpError.METADATA_INVALID,
                        what + ": a signing KeyDescriptor holds an unreadable ds:X509Certificate (" + e.getMessage()
                                + ")", e);
            }
        }
        if (certificates.isEmpty()) {
            throw invalid(what + " has no signing key: no KeyDescriptor with use=\"signing\" (or without use) holds"
                    + " a ds:X509Certificate, so its responses could not be verified");
        }
        return List.copyOf(certificates);
    }

    private static EcpConfigurationException invalid(String message) {
        return new EcpConfigurationException(EcpError.METADATA_INVALID, message);
    }
}
