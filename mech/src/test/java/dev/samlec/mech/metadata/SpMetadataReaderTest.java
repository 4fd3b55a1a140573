package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.Pem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class SpMetadataReaderTest {
    private static byte[] resource(String path) throws Exception {
        try (InputStream in = SpMetadataReaderTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readWhenWrittenBySamlecThenFieldsRoundTrip() throws Exception {
        X509Certificate encryption = Pem.parseCertificates(new String(resource("/dev/samlec/mech/keys/sp-encryption.crt"),
                StandardCharsets.US_ASCII), "sp-encryption.crt").get(0);
        byte[] xml = SpMetadataWriter.builder().entityId("https://sp.example/sp")
                .assertionConsumerServiceUrl("https://sp.example/paos").encryptionCertificate(encryption)
                .build().write();

        SpMetadata sp = new SpMetadataReader().read(xml, "written");

        assertThat(sp.entityId()).isEqualTo("https://sp.example/sp");
        assertThat(sp.assertionConsumerServiceUrls()).containsExactly("https://sp.example/paos");
        assertThat(sp.encryptionCertificate()).contains(encryption);
    }

    @Test
    void readWhenShibbolethSpMetadataThenPaosAcsFirst() throws Exception {
        SpMetadata sp = new SpMetadataReader().read(resource("shibboleth-sp-metadata.xml"), "shibboleth");

        assertThat(sp.entityId()).isEqualTo("http://127.0.0.1:8081/shibboleth");
        assertThat(sp.assertionConsumerServiceUrls().get(0)).isEqualTo("http://127.0.0.1:8081/Shibboleth.sso/SAML2/ECP");
        assertThat(sp.assertionConsumerServiceUrls()).hasSizeGreaterThan(1);
        assertThat(sp.encryptionCertificate()).isPresent();
    }

    @Test
    void readWhenIdpMetadataThenMetadataInvalid() throws Exception {
        byte[] idp = resource("/dev/samlec/mech/metadata/" + "keycloak-idp-metadata.xml");
        assertThatThrownBy(() -> new SpMetadataReader().read(idp, "idp.xml"))
                .isInstanceOfSatisfying(EcpConfigurationException.class,
                        e -> assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID))
                .hasMessageContaining("no SPSSODescriptor");
    }

    @Test
    void readWhenDoctypeThenMetadataInvalid() {
        byte[] xml = "<!DOCTYPE x [<!ENTITY a 'b'>]><md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata'/>"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new SpMetadataReader().read(xml, "evil.xml"))
                .isInstanceOfSatisfying(EcpConfigurationException.class,
                        e -> assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID))
                .hasMessageContaining("DOCTYPE");
    }
}
