package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.SecureXmlParser;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.w3c.dom.Element;

class SpMetadataWriterTest {
    private static final String ENTITY = "https://service.example.org/samlec";
    private static final String ACS = "https://service.example.org/ecp/acs";
    private static X509Certificate signing;
    private static X509Certificate encryption;

    @BeforeAll
    static void keys() throws Exception {
        signing = MetadataFixtures.certificate("test-signer.crt");
        encryption = MetadataFixtures.certificate("test-other.crt");
    }

    private static SPSSODescriptor readBack(byte[] xml) throws Exception {
        OpenSaml.ensureInitialized();
        Element root = SecureXmlParser.withDefaultLimit().parse(xml, "SP metadata").getDocumentElement();
        EntityDescriptor entity = (EntityDescriptor) XMLObjectSupport.getUnmarshaller(root).unmarshall(root);
        assertThat(entity.getEntityID()).isEqualTo(ENTITY);
        SPSSODescriptor sp = entity.getSPSSODescriptor(SAMLConstants.SAML20P_NS);
        assertThat(sp).isNotNull();
        return sp;
    }

    @Test
    void writeWhenBothCertificatesThenRoundTripsWithPaosAcsAndKeys() throws Exception {
        byte[] xml = SpMetadataWriter.builder().entityId(ENTITY).assertionConsumerServiceUrl(ACS)
                .signingCertificate(signing).encryptionCertificate(encryption).build().write();

        SPSSODescriptor sp = readBack(xml);
        assertThat(sp.isAuthnRequestsSigned()).isTrue();
        assertThat(sp.getWantAssertionsSigned()).isTrue();
        assertThat(sp.getAssertionConsumerServices()).hasSize(1);
        AssertionConsumerService acs = sp.getAssertionConsumerServices().get(0);
        assertThat(acs.getBinding()).isEqualTo("urn:oasis:names:tc:SAML:2.0:bindings:PAOS");
        assertThat(acs.getLocation()).isEqualTo(ACS);
        assertThat(acs.getIndex()).isZero();
        assertThat(acs.isDefault()).isTrue();
        assertThat(sp.getKeyDescriptors()).extracting(KeyDescriptor::getUse)
                .containsExactly(UsageType.SIGNING, UsageType.ENCRYPTION);
        assertThat(KeyInfoSupport.getCertificates(sp.getKeyDescriptors().get(0).getKeyInfo()))
                .containsExactly(signing);
        assertThat(KeyInfoSupport.getCertificates(sp.getKeyDescriptors().get(1).getKeyInfo()))
                .containsExactly(encryption);
        assertThat(sp.getKeyDescriptors().get(1).getEncryptionMethods()).extracting(m -> m.getAlgorithm())
                .contains("http://www.w3.org/2009/xmlenc11#aes256-gcm");
    }

    @Test
    void writeWhenNoCertificatesThenNoKeysAndRequestsNotPromisedSigned() throws Exception {
        byte[] xml = SpMetadataWriter.builder().entityId(ENTITY).assertionConsumerServiceUrl(ACS).build().write();

        SPSSODescriptor sp = readBack(xml);
        assertThat(sp.getKeyDescriptors()).isEmpty();
        assertThat(sp.isAuthnRequestsSigned()).isFalse();
        assertThat(sp.getWantAssertionsSigned()).isTrue();
    }

    @Test
    void writeThenUtf8WithoutDoctype() {
        String xml = new String(SpMetadataWriter.builder().entityId("https://sérvice.example.org")
                .assertionConsumerServiceUrl(ACS).build().write(), StandardCharsets.UTF_8);

        assertThat(xml).contains("entityID=\"https://sérvice.example.org\"").doesNotContain("DOCTYPE");
    }

    @Test
    void buildWhenEntityIdOrAcsMissingThenIllegalArgument() {
        assertThatThrownBy(() -> SpMetadataWriter.builder().assertionConsumerServiceUrl(ACS).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entityId");
        assertThatThrownBy(() -> SpMetadataWriter.builder().entityId(ENTITY).assertionConsumerServiceUrl(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AssertionConsumerService");
        assertThatThrownBy(() -> SpMetadataWriter.builder().entityId("x".repeat(1025))
                .assertionConsumerServiceUrl(ACS).build()).hasMessageContaining("1024");
    }
}
