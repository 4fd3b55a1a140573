package dev.samlec.mech.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.ext.saml2delrestrict.DelegationRestrictionType;
import org.opensaml.saml.ext.samlec.GeneratedKey;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.EncryptedAttribute;
import org.opensaml.saml.saml2.core.EncryptedID;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.ecp.RelayState;
import org.opensaml.saml.saml2.ecp.RequestAuthenticated;
import org.opensaml.saml.saml2.metadata.EntitiesDescriptor;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.soap.soap11.Body;
import org.opensaml.soap.soap11.Envelope;
import org.opensaml.soap.soap11.Fault;
import org.opensaml.soap.soap11.Header;
import org.opensaml.xmlsec.config.DecryptionParserPool;
import org.opensaml.xmlsec.encryption.EncryptedData;
import org.opensaml.xmlsec.encryption.EncryptedKey;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.X509Data;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The XMLObject providers samlec registers instead of OpenSAML's whole set: every kind samlec builds, marshals or
 * unmarshals is there (with the classes OpenSAML's own files name), the modules samlec does not use are not, and an
 * element of a module left out still unmarshals as a child (as {@code XSAny}; samlec checks every root element's
 * name before it unmarshals).
 */
class XmlObjectProvidersTest {
    private static final String SAML1_ASSERTION_NS = "urn:oasis:names:tc:SAML:1.0:assertion";

    private static XMLObjectProviderRegistry registry() {
        OpenSaml.ensureInitialized();
        return org.opensaml.core.config.ConfigurationService.get(XMLObjectProviderRegistry.class);
    }

    @Test
    void ensureInitializedWhenCalledThenEveryKindSamlecUsesHasBuilderMarshallerAndUnmarshaller() {
        XMLObjectProviderRegistry registry = registry();
        List<QName> used = List.of(Response.DEFAULT_ELEMENT_NAME, AuthnRequest.DEFAULT_ELEMENT_NAME,
                Assertion.DEFAULT_ELEMENT_NAME, EncryptedAssertion.DEFAULT_ELEMENT_NAME,
                EncryptedID.DEFAULT_ELEMENT_NAME, EncryptedAttribute.DEFAULT_ELEMENT_NAME,
                Signature.DEFAULT_ELEMENT_NAME, KeyInfo.DEFAULT_ELEMENT_NAME, X509Data.DEFAULT_ELEMENT_NAME,
                EncryptedData.DEFAULT_ELEMENT_NAME, EncryptedKey.DEFAULT_ELEMENT_NAME,
                EntityDescriptor.DEFAULT_ELEMENT_NAME, EntitiesDescriptor.DEFAULT_ELEMENT_NAME,
                IDPSSODescriptor.DEFAULT_ELEMENT_NAME, SPSSODescriptor.DEFAULT_ELEMENT_NAME,
                org.opensaml.saml.saml2.ecp.Response.DEFAULT_ELEMENT_NAME, RequestAuthenticated.DEFAULT_ELEMENT_NAME,
                org.opensaml.saml.saml2.ecp.Request.DEFAULT_ELEMENT_NAME, RelayState.DEFAULT_ELEMENT_NAME,
                GeneratedKey.DEFAULT_ELEMENT_NAME, ChannelBindings.DEFAULT_ELEMENT_NAME,
                DelegationRestrictionType.TYPE_NAME, Envelope.DEFAULT_ELEMENT_NAME, Header.DEFAULT_ELEMENT_NAME,
                Body.DEFAULT_ELEMENT_NAME, Fault.DEFAULT_ELEMENT_NAME, XSString.TYPE_NAME,
                registry.getDefaultProviderQName());
        for (QName name : used) {
            assertThat(registry.getBuilderFactory().getBuilder(name)).as("builder of %s", name).isNotNull();
            assertThat(registry.getMarshallerFactory().getMarshaller(name)).as("marshaller of %s", name).isNotNull();
            assertThat(registry.getUnmarshallerFactory().getUnmarshaller(name)).as("unmarshaller of %s", name)
                    .isNotNull();
        }
        assertThat(registry.isIDAttribute(new QName("http://www.w3.org/XML/1998/namespace", "id"))).isTrue();
        assertThat(XMLObjectProviderRegistrySupport.getParserPool()).isSameAs(OpenSaml.parserPool());
        // OpenSAML's own Decrypter (used by applications and tests beside samlec) needs a decryption pool.
        assertThat(org.opensaml.core.config.ConfigurationService.get(DecryptionParserPool.class).getParserPool())
                .isSameAs(OpenSaml.parserPool());
    }

    @Test
    void ensureInitializedWhenCalledThenEachProviderHasTheClassesOpenSamlsFileNames() throws Exception {
        XMLObjectProviderRegistry registry = registry();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        List<String> checked = new ArrayList<>();
        for (String resource : XmlObjectProviders.RESOURCES) {
            Document config;
            try (InputStream in = XmlObjectProviders.class.getClassLoader().getResourceAsStream(resource)) {
                config = factory.newDocumentBuilder().parse(in);
            }
            NodeList providers = config.getElementsByTagNameNS(ProviderTableSource.CONFIG_NS, "ObjectProvider");
            for (int i = 0; i < providers.getLength(); i++) {
                Element provider = (Element) providers.item(i);
                String[] name = provider.getAttribute("qualifiedName").split(":", 2);
                QName qname = name.length == 2 ? new QName(provider.lookupNamespaceURI(name[0]), name[1])
                        : new QName(name[0]);
                assertThat(registry.getBuilderFactory().getBuilder(qname).getClass().getName()).as("%s", qname)
                        .isEqualTo(className(provider, "BuilderClass"));
                assertThat(registry.getMarshallerFactory().getMarshaller(qname).getClass().getName())
                        .isEqualTo(className(provider, "MarshallingClass"));
                Class<?> unmarshaller = registry.getUnmarshallerFactory().getUnmarshaller(qname).getClass();
                if (unmarshaller.getEnclosingClass() == LockFreeTimeUnmarshallers.class) {
                    // samlec's lock-free time reading in front of the very class OpenSAML's file names.
                    unmarshaller = unmarshaller.getSuperclass();
                }
                assertThat(unmarshaller.getName()).isEqualTo(className(provider, "UnmarshallingClass"));
                checked.add(resource + " " + qname);
            }
        }
        // The SAML 2.0 core, metadata (with mdattr, mdrpi, mdui), ECP and extension files, XML Schema, XML
        // Signature/Encryption and SOAP 1.1.
        assertThat(checked).hasSize(290);
        // Federation metadata's extensions are typed objects, not XSAny (the aggregate reader depends on it).
        assertThat(checked).contains("saml2-metadata-ui-config.xml {urn:oasis:names:tc:SAML:metadata:ui}UIInfo",
                "saml2-metadata-attr-config.xml {urn:oasis:names:tc:SAML:metadata:attribute}EntityAttributes",
                "saml2-metadata-rpi-config.xml {urn:oasis:names:tc:SAML:metadata:rpi}RegistrationInfo");
    }

    @Test
    void ensureInitializedWhenCalledThenModulesSamlecDoesNotUseAreNotRegistered() {
        XMLObjectProviderRegistry registry = registry();
        for (QName name : List.of(new QName(SAML1_ASSERTION_NS, "Assertion"),
                new QName("http://docs.oasis-open.org/ws-sx/ws-trust/200512/", "RequestSecurityToken"),
                new QName("http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
                        "Security"),
                new QName("http://www.w3.org/2005/08/addressing", "Action"))) {
            assertThat(registry.getBuilderFactory().getBuilders()).as("%s", name).doesNotContainKey(name);
        }
    }

    @Test
    void unmarshallWhenChildElementOfAModuleLeftOutThenReadAsXsAny() throws Exception {
        registry();
        String xml = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">"
                + "<md:Extensions><saml1:Assertion xmlns:saml1=\"" + SAML1_ASSERTION_NS + "\" MajorVersion=\"1\">"
                + "<saml1:Conditions/></saml1:Assertion></md:Extensions></md:EntityDescriptor>";
        XMLObject object = XMLObjectSupport.unmarshallFromInputStream(OpenSaml.parserPool(),
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        List<XMLObject> extensions = ((EntityDescriptor) object).getExtensions().getUnknownXMLObjects();
        assertThat(extensions).hasSize(1);
        assertThat(extensions.get(0)).isInstanceOf(XSAny.class);
        assertThat(extensions.get(0).getElementQName()).isEqualTo(new QName(SAML1_ASSERTION_NS, "Assertion"));
        assertThat(((XSAny) extensions.get(0)).getUnknownXMLObjects()).hasSize(1);
    }

    private static String className(Element provider, String child) {
        return ((Element) provider.getElementsByTagNameNS(ProviderTableSource.CONFIG_NS, child).item(0))
                .getAttribute("className");
    }
}
