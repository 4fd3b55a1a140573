package dev.samlec.mech.metadata;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.signature.X509Data;
import org.w3c.dom.Element;

/**
 * Reads one service provider's metadata (a single md:EntityDescriptor with a SAML 2.0 SPSSODescriptor, as
 * {@code samlec metadata} or Shibboleth SP's {@code /Shibboleth.sso/Metadata} write it), so an IdP can register it.
 * The metadata is trusted as given: it is the operator's own configuration.
 */
public final class SpMetadataReader {
    private static final String PAOS = SAMLConstants.SAML2_PAOS_BINDING_URI;
    private final SecureXmlParser parser = new SecureXmlParser(1024 * 1024);

    /** Reads {@code xml}; {@code source} names it in errors. */
    public SpMetadata read(byte[] xml, String source) throws EcpConfigurationException {
        OpenSaml.ensureInitialized();
        EntityDescriptor entity = unmarshal(xml, source);
        SPSSODescriptor sp = entity.getSPSSODescriptor(SAMLConstants.SAML20P_NS);
        if (sp == null) {
            throw invalid(source + ": entity '" + entity.getEntityID()
                    + "' has no SPSSODescriptor for SAML 2.0; it is not a SAML 2.0 service provider");
        }
        List<String> paos = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (AssertionConsumerService acs : sp.getAssertionConsumerServices()) {
            if (acs.getLocation() != null && !acs.getLocation().isBlank()) {
                (PAOS.equals(acs.getBinding()) ? paos : others).add(checkedLocation(acs.getLocation(), source));
            }
        }
        paos.addAll(others);
        if (paos.isEmpty() || entity.getEntityID() == null || entity.getEntityID().isBlank()) {
            throw invalid(source + ": the service provider needs an entityID and at least one "
                    + "AssertionConsumerService Location");
        }
        return new SpMetadata(entity.getEntityID(), paos, encryptionCertificate(sp, source));
    }

    private EntityDescriptor unmarshal(byte[] xml, String source) throws EcpConfigurationException {
        Element root;
        try {
            root = parser.parse(xml, source).getDocumentElement();
        } catch (EcpException e) {
            throw new EcpConfigurationException(EcpError.METADATA_INVALID, e.getMessage(), e);
        }
        if (!SAMLConstants.SAML20MD_NS.equals(root.getNamespaceURI())
                || !"EntityDescriptor".equals(root.getLocalName())) {
            throw invalid(source + ": the root element is {" + root.getNamespaceURI() + "}" + root.getLocalName()
                    + "; expected one md:EntityDescriptor");
        }
        try {
            XMLObject object = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root)
                    .unmarshall(root);
            return (EntityDescriptor) object;
        } catch (UnmarshallingException | RuntimeException e) {
            throw invalid(source + ": not valid SAML metadata (" + e.getMessage() + ")");
        }
    }

    private static Optional<X509Certificate> encryptionCertificate(SPSSODescriptor sp, String source)
            throws EcpConfigurationException {
        for (KeyDescriptor key : sp.getKeyDescriptors()) {
            if (key.getUse() == UsageType.SIGNING || key.getKeyInfo() == null) {
                continue;
            }
            for (X509Data data : key.getKeyInfo().getX509Datas()) {
                for (org.opensaml.xmlsec.signature.X509Certificate cert : data.getX509Certificates()) {
                    return Optional.of(decode(cert.getValue(), source));
                }
            }
        }
        return Optional.empty();
    }

    private static X509Certificate decode(String base64, String source) throws EcpConfigurationException {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64 == null ? "" : base64);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw invalid(source + ": an encryption KeyDescriptor holds an unreadable certificate");
        }
    }

    /** An ACS may be a URL or a SASL service name ({@code ldap@host}), but never holds spaces or control characters. */
    private static String checkedLocation(String location, String source) throws EcpConfigurationException {
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw invalid(source + ": AssertionConsumerService Location holds a space or control character; "
                        + "expected a URL or a service name");
            }
        }
        return location;
    }

    private static EcpConfigurationException invalid(String message) {
        return new EcpConfigurationException(EcpError.METADATA_INVALID, message);
    }
}
