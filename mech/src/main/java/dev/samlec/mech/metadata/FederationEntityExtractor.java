package dev.samlec.mech.metadata;

import dev.samlec.mech.service.IdpScope;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.schema.XSURI;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.ext.saml2mdattr.EntityAttributes;
import org.opensaml.saml.ext.saml2mdrpi.RegistrationInfo;
import org.opensaml.saml.ext.saml2mdui.DisplayName;
import org.opensaml.saml.ext.saml2mdui.UIInfo;
import org.opensaml.saml.saml2.common.TimeBoundSAMLObject;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.Extensions;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;

/**
 * Reduces one EntityDescriptor with a SAML 2.0 IDPSSODescriptor to a {@link FederationEntity}. What cannot be used is
 * left out rather than guessed: an unreadable certificate or a SOAP location that is not an absolute http(s) URL is
 * skipped, a scope regexp that does not compile is dropped (which only narrows what the IdP may assert).
 */
final class FederationEntityExtractor {
    /** The namespace of {@code shibmd:Scope}. */
    static final String SHIBMD_NS = "urn:mace:shibboleth:metadata:1.0";
    private static final QName SCOPE = new QName(SHIBMD_NS, "Scope");
    private static final QName REGEXP = new QName("regexp");

    private FederationEntityExtractor() {
    }

    /** The entity, or {@code null} when it has no SAML 2.0 IDPSSODescriptor. */
    static FederationEntity extract(EntityDescriptor entity) {
        IDPSSODescriptor idp = EntitySelector.idpDescriptor(entity);
        if (idp == null) {
            return null;
        }
        List<IdpScope> scopes = new ArrayList<>(scopes(idp.getExtensions()));
        scopes.addAll(scopes(entity.getExtensions()));
        return new FederationEntity(entity.getEntityID(), registrationAuthority(entity), entityAttributes(entity),
                signingCertificates(idp), soapEndpoints(idp), scopes, displayNames(idp),
                Boolean.TRUE.equals(idp.getWantAuthnRequestsSigned()), earliestValidUntil(idp));
    }

    private static String registrationAuthority(EntityDescriptor entity) {
        Extensions extensions = entity.getExtensions();
        if (extensions == null) {
            return null;
        }
        for (XMLObject o : extensions.getUnknownXMLObjects(RegistrationInfo.DEFAULT_ELEMENT_NAME)) {
            if (o instanceof RegistrationInfo && ((RegistrationInfo) o).getRegistrationAuthority() != null) {
                return ((RegistrationInfo) o).getRegistrationAuthority();
            }
        }
        return null;
    }

    /** The entity's EntityAttributes and those of every enclosing EntitiesDescriptor. */
    private static Map<String, List<String>> entityAttributes(EntityDescriptor entity) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (XMLObject node = entity; node != null; node = node.getParent()) {
            Extensions extensions = node instanceof EntityDescriptor ? ((EntityDescriptor) node).getExtensions()
                    : node instanceof EntitiesDescriptor ? ((EntitiesDescriptor) node).getExtensions() : null;
            if (extensions == null) {
                continue;
            }
            for (XMLObject o : extensions.getUnknownXMLObjects(EntityAttributes.DEFAULT_ELEMENT_NAME)) {
                if (!(o instanceof EntityAttributes)) {
                    continue;
                }
                for (Attribute attribute : ((EntityAttributes) o).getAttributes()) {
                    if (attribute.getName() == null) {
                        continue;
                    }
                    List<String> values = result.computeIfAbsent(attribute.getName(), k -> new ArrayList<>());
                    for (XMLObject value : attribute.getAttributeValues()) {
                        String text = text(value);
                        if (text != null && !values.contains(text)) {
                            values.add(text);
                        }
                    }
                }
            }
        }
        result.replaceAll((k, v) -> List.copyOf(v));
        return result;
    }

    private static List<IdpScope> scopes(Extensions extensions) {
        List<IdpScope> result = new ArrayList<>();
        if (extensions == null) {
            return result;
        }
        for (XMLObject o : extensions.getUnknownXMLObjects(SCOPE)) {
            String value = text(o);
            if (value == null || value.isBlank()) {
                continue;
            }
            String regexp = o instanceof XSAny ? ((XSAny) o).getUnknownAttributes().get(REGEXP) : null;
            boolean isRegexp = regexp != null && ("true".equals(regexp.trim()) || "1".equals(regexp.trim()));
            try {
                result.add(isRegexp ? IdpScope.regexp(value.trim()) : IdpScope.literal(value.trim()));
            } catch (IllegalArgumentException e) {
                // A scope that cannot be read narrows nothing and widens nothing: it is left out.
            }
        }
        return result;
    }

    private static Map<String, String> displayNames(IDPSSODescriptor idp) {
        Map<String, String> result = new LinkedHashMap<>();
        Extensions extensions = idp.getExtensions();
        if (extensions == null) {
            return result;
        }
        for (XMLObject o : extensions.getUnknownXMLObjects(UIInfo.DEFAULT_ELEMENT_NAME)) {
            if (!(o instanceof UIInfo)) {
                continue;
            }
            for (DisplayName name : ((UIInfo) o).getDisplayNames()) {
                if (name.getValue() != null && !name.getValue().isBlank()) {
                    String lang = name.getXMLLang() == null ? "" : name.getXMLLang().toLowerCase(Locale.ROOT);
                    result.putIfAbsent(lang, name.getValue().trim());
                }
            }
        }
        return result;
    }

    /**
     * Whether a KeyDescriptor's key may verify the IdP's signatures: {@code use="signing"} or no use (never
     * {@code use="encryption"}), with a KeyInfo. The one rule for every metadata reader.
     */
    static boolean mayVerify(KeyDescriptor descriptor) {
        UsageType use = descriptor.getUse();
        boolean signing = use == null || use == UsageType.SIGNING || use == UsageType.UNSPECIFIED;
        return signing && descriptor.getKeyInfo() != null;
    }

    private static List<X509Certificate> signingCertificates(IDPSSODescriptor idp) {
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        for (KeyDescriptor descriptor : idp.getKeyDescriptors()) {
            if (!mayVerify(descriptor)) {
                continue;
            }
            try {
                certificates.addAll(KeyInfoSupport.getCertificates(descriptor.getKeyInfo()));
            } catch (CertificateException | RuntimeException e) {
                // Cryptacular reports bad base64 unchecked; an unreadable key is simply not a key.
            }
        }
        return List.copyOf(certificates);
    }

    private static List<URI> soapEndpoints(IDPSSODescriptor idp) {
        List<URI> endpoints = new ArrayList<>();
        for (SingleSignOnService sso : idp.getSingleSignOnServices()) {
            if (SAMLConstants.SAML2_SOAP11_BINDING_URI.equals(sso.getBinding()) && sso.getLocation() != null) {
                try {
                    URI uri = new URI(sso.getLocation().trim());
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (uri.isAbsolute() && uri.getHost() != null && (scheme.equals("http") || scheme.equals("https"))) {
                        endpoints.add(uri);
                    }
                } catch (URISyntaxException e) {
                    // not a URL: not an endpoint
                }
            }
        }
        return endpoints;
    }

    /** The earliest validUntil on {@code start} or any element enclosing it; {@code null} when none is set. */
    static Instant earliestValidUntil(XMLObject start) {
        return earliestValidUntil(start, null);
    }

    /**
     * The earliest validUntil on {@code start} or an element enclosing it, up to and including {@code last} (the
     * whole way up when {@code null}); {@code null} when none is set.
     */
    static Instant earliestValidUntil(XMLObject start, XMLObject last) {
        Instant earliest = null;
        for (XMLObject node = start; node != null; node = node == last ? null : node.getParent()) {
            if (node instanceof TimeBoundSAMLObject) {
                Instant until = ((TimeBoundSAMLObject) node).getValidUntil();
                if (until != null && (earliest == null || until.isBefore(earliest))) {
                    earliest = until;
                }
            }
        }
        return earliest;
    }

    private static String text(XMLObject value) {
        if (value instanceof XSString) {
            return ((XSString) value).getValue();
        }
        if (value instanceof XSURI) {
            return ((XSURI) value).getURI();
        }
        if (value instanceof XSAny) {
            return ((XSAny) value).getTextContent();
        }
        return value.getDOM() == null ? null : value.getDOM().getTextContent();
    }
}
