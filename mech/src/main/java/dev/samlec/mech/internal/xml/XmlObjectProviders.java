package dev.samlec.mech.internal.xml;

import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;

/**
 * Registers the OpenSAML XMLObject providers (builder, marshaller, unmarshaller per element or type name) of the
 * object kinds samlec builds and reads, and no others.
 *
 * <p>OpenSAML's own initializers register every module's providers (SAML 1, WS-Trust, WS-Security, WS-Federation,
 * ...: about 1,300 classes) through {@code XMLConfigurator}, which compiles its configuration schema, validates each
 * provider file against it and creates every class by reflection: most of a cold start of {@code samlec verify}.
 * samlec registers the providers of {@link #RESOURCES} only, from {@link OpenSamlProviderTable}: the same names and
 * classes as those files, as plain code. An element of a module left out still unmarshals as a child (as
 * {@code XSAny}, through the default provider, like any unknown namespace); samlec checks every root element's name
 * before it unmarshals.
 */
final class XmlObjectProviders {
    /**
     * OpenSAML's provider files samlec needs, in the order OpenSAML's initializers would load them (a later file
     * wins for a name registered twice): the SAML 2.0 assertion, protocol and metadata schemas and the extensions
     * samlec reads or writes (federation metadata's entity attributes, registration info and UI info, ECP, SAML-EC GeneratedKey, channel bindings, delegation restriction), XML Schema types
     * and the default provider, XML Signature and Encryption, SOAP 1.1.
     */
    static final List<String> RESOURCES = List.of(
            "saml2-assertion-config.xml",
            "saml2-assertion-delegation-restriction-config.xml",
            "saml2-ecp-config.xml",
            "saml2-metadata-config.xml",
            "saml2-metadata-attr-config.xml",
            "saml2-metadata-rpi-config.xml",
            "saml2-metadata-ui-config.xml",
            "saml2-protocol-config.xml",
            "saml2-channel-binding-config.xml",
            "saml-ec-gss-config.xml",
            "default-config.xml",
            "schema-config.xml",
            "signature-config.xml",
            "encryption-config.xml",
            "soap11-config.xml");

    private XmlObjectProviders() {
    }

    /**
     * Registers the providers (the time-reading unmarshallers of {@link LockFreeTimeUnmarshallers} in place of
     * OpenSAML's) and {@code xml:id} as an ID attribute; returns OpenSAML's registry.
     */
    static XMLObjectProviderRegistry register() {
        XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
        if (registry == null) {
            registry = new XMLObjectProviderRegistry();
            ConfigurationService.register(XMLObjectProviderRegistry.class, registry);
        }
        OpenSamlProviderTable.register(registry);
        LockFreeTimeUnmarshallers.replaceIn(registry);
        registry.registerIDAttribute(new QName(XMLConstants.XML_NS_URI, "id"));
        return registry;
    }
}
