package dev.samlec.mech.internal.xml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.xml.XMLObjectBuilder;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.io.Marshaller;
import org.opensaml.core.xml.io.Unmarshaller;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Registers the OpenSAML XMLObject providers (builder, marshaller, unmarshaller per element or type name) of the
 * object kinds samlec builds and reads, and no others.
 *
 * <p>OpenSAML's own initializers register every module's providers (SAML 1, WS-Trust, WS-Security, WS-Federation,
 * ...: about 1,300 classes) through {@code XMLConfigurator}, which first compiles the configuration schema and
 * validates each file against it: most of a cold start of {@code samlec verify}. This reads the same provider files
 * from OpenSAML's jars, without schema validation (they are OpenSAML's own resources, not input), and registers what
 * they name. Elements of a module left out still unmarshal, as {@code XSAny} through the default provider, as they
 * would for any unknown namespace.
 */
final class XmlObjectProviders {
    /** The configuration namespace of OpenSAML's provider files. */
    static final String CONFIG_NS = "http://www.opensaml.org/xmltooling-config";

    /**
     * OpenSAML's provider files samlec needs, in the order OpenSAML's initializers would load them (a later file
     * wins for a name registered twice): the SAML 2.0 assertion, protocol and metadata schemas and the extensions
     * samlec reads or writes (ECP, SAML-EC GeneratedKey, channel bindings, delegation restriction), XML Schema types
     * and the default provider, XML Signature and Encryption, SOAP 1.1.
     */
    static final List<String> RESOURCES = List.of(
            "saml2-assertion-config.xml",
            "saml2-assertion-delegation-restriction-config.xml",
            "saml2-ecp-config.xml",
            "saml2-metadata-config.xml",
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

    /** Registers the providers of {@link #RESOURCES} and {@code xml:id} as an ID attribute; returns the registry. */
    static XMLObjectProviderRegistry register(BasicParserPool parser) throws InitializationException {
        XMLObjectProviderRegistry registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
        if (registry == null) {
            registry = new XMLObjectProviderRegistry();
            ConfigurationService.register(XMLObjectProviderRegistry.class, registry);
        }
        ClassLoader loader = XmlObjectProviders.class.getClassLoader();
        for (String resource : RESOURCES) {
            register(registry, parse(parser, loader, resource), loader, resource);
        }
        registry.registerIDAttribute(new QName(XMLConstants.XML_NS_URI, "id"));
        return registry;
    }

    private static Document parse(BasicParserPool parser, ClassLoader loader, String resource)
            throws InitializationException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InitializationException("OpenSAML provider configuration " + resource
                        + " is not on the class path");
            }
            return parser.parse(in);
        } catch (IOException | XMLParserException e) {
            throw new InitializationException("OpenSAML provider configuration " + resource + " could not be read: "
                    + e.getMessage(), e);
        }
    }

    private static void register(XMLObjectProviderRegistry registry, Document config, ClassLoader loader,
            String resource) throws InitializationException {
        NodeList providers = config.getElementsByTagNameNS(CONFIG_NS, "ObjectProvider");
        if (providers.getLength() == 0) {
            throw new InitializationException("OpenSAML provider configuration " + resource + " names no provider");
        }
        for (int i = 0; i < providers.getLength(); i++) {
            Element provider = (Element) providers.item(i);
            QName name = qualifiedName(provider, resource);
            registry.registerObjectProvider(name,
                    instance(provider, "BuilderClass", XMLObjectBuilder.class, loader, resource),
                    instance(provider, "MarshallingClass", Marshaller.class, loader, resource),
                    instance(provider, "UnmarshallingClass", Unmarshaller.class, loader, resource));
        }
    }

    /**
     * The provider's {@code qualifiedName} ("prefix:local", its prefix resolved where it is written), or a name in
     * the default namespace there, no namespace when there is none (SOAP 1.1's unqualified {@code detail}).
     */
    private static QName qualifiedName(Element provider, String resource) throws InitializationException {
        String value = provider.getAttributeNS(null, "qualifiedName").trim();
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? null : value.substring(0, colon);
        String local = value.substring(colon + 1);
        String namespace = provider.lookupNamespaceURI(prefix);
        if (namespace == null && prefix == null) {
            namespace = XMLConstants.NULL_NS_URI;
        }
        if (local.isEmpty() || namespace == null) {
            throw new InitializationException("OpenSAML provider configuration " + resource
                    + ": cannot resolve qualifiedName \"" + value + "\"");
        }
        return new QName(namespace, local, prefix == null ? XMLConstants.DEFAULT_NS_PREFIX : prefix);
    }

    @SuppressWarnings("unchecked")
    private static <T> T instance(Element provider, String child, Class<? super T> type, ClassLoader loader,
            String resource) throws InitializationException {
        NodeList elements = provider.getElementsByTagNameNS(CONFIG_NS, child);
        String className = elements.getLength() == 1
                ? ((Element) elements.item(0)).getAttributeNS(null, "className").trim() : "";
        if (className.isEmpty()) {
            throw new InitializationException("OpenSAML provider configuration " + resource + ": "
                    + provider.getAttributeNS(null, "qualifiedName") + " has no " + child);
        }
        try {
            Object instance = Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
            if (!type.isInstance(instance)) {
                throw new InitializationException("OpenSAML provider configuration " + resource + ": " + className
                        + " is not a " + type.getSimpleName());
            }
            return (T) instance;
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new InitializationException("OpenSAML provider configuration " + resource + ": cannot create "
                    + className + ": " + cause, cause);
        }
    }
}
