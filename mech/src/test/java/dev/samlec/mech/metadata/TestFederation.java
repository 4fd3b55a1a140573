package dev.samlec.mech.metadata;

import dev.samlec.mech.internal.xml.XmlWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Builds federation aggregates for IdP-directory tests: EntityDescriptors (a real DemoIdp's metadata, or a made-up
 * IdP or SP) with {@code mdui:DisplayName}s added, wrapped in one EntitiesDescriptor and signed. Only for mech's own
 * tests (testkit depends on mech); the other modules use testkit's {@code FederationMetadataBuilder}.
 */
final class TestFederation {
    static final String MDUI_NS = "urn:oasis:names:tc:SAML:metadata:ui";

    private TestFederation() {
    }

    /** {@code entity} (an EntityDescriptor with an IDPSSODescriptor) with an {@code mdui:DisplayName} added. */
    public static byte[] withDisplayName(byte[] entity, String lang, String name) throws Exception {
        Document document = parse(entity);
        Element idp = (Element) document.getElementsByTagNameNS(MetadataFixtures.MD_NS, "IDPSSODescriptor").item(0);
        Element extensions = firstChild(idp, MetadataFixtures.MD_NS, "Extensions");
        if (extensions == null) {
            extensions = document.createElementNS(MetadataFixtures.MD_NS, "md:Extensions");
            Node first = idp.getFirstChild();
            while (first != null && first.getNodeType() == Node.ELEMENT_NODE
                    && "Signature".equals(first.getLocalName())) {
                first = first.getNextSibling();
            }
            idp.insertBefore(extensions, first);
        }
        Element ui = firstChild(extensions, MDUI_NS, "UIInfo");
        if (ui == null) {
            ui = document.createElementNS(MDUI_NS, "mdui:UIInfo");
            extensions.appendChild(ui);
        }
        Element display = document.createElementNS(MDUI_NS, "mdui:DisplayName");
        display.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:lang", lang);
        display.setTextContent(name);
        ui.appendChild(display);
        return XmlWriter.toBytes(document);
    }

    /** An IdP with a signing key, a SOAP endpoint unless {@code soapUrl} is null, and an English DisplayName. */
    public static byte[] idp(String entityId, String soapUrl, X509Certificate certificate, String displayName)
            throws Exception {
        String content = MetadataFixtures.keyDescriptor("signing", certificate)
                + (soapUrl == null ? MetadataFixtures.sso(MetadataFixtures.POST, "https://web.example.org/sso")
                        : MetadataFixtures.sso(MetadataFixtures.SOAP, soapUrl));
        byte[] xml = MetadataFixtures.idp(entityId, "", "", content).getBytes(StandardCharsets.UTF_8);
        return displayName == null ? xml : withDisplayName(xml, "en", displayName);
    }

    /** A service provider's EntityDescriptor (never an IdP). */
    public static byte[] sp(String entityId) {
        return MetadataFixtures.sp(entityId).getBytes(StandardCharsets.UTF_8);
    }

    /** One EntitiesDescriptor holding {@code entities}, unsigned. */
    public static byte[] aggregate(List<byte[]> entities) throws Exception {
        Document document = parse(("<md:EntitiesDescriptor xmlns:md=\"" + MetadataFixtures.MD_NS
                + "\" Name=\"urn:example:test-federation\"/>").getBytes(StandardCharsets.UTF_8));
        for (byte[] entity : entities) {
            document.getDocumentElement().appendChild(document.importNode(parse(entity).getDocumentElement(), true));
        }
        return XmlWriter.toBytes(document);
    }

    /** {@code xml} with an RSA-SHA256 enveloped signature on its root. */
    public static byte[] signed(byte[] xml, PrivateKey key, X509Certificate certificate) throws Exception {
        return MetadataSigning.signRsaSha256(xml, key, certificate);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Element firstChild(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && ns.equals(n.getNamespaceURI())
                    && local.equals(n.getLocalName())) {
                return (Element) n;
            }
        }
        return null;
    }
}
