package dev.samlec.mech.metadata;

import static dev.samlec.mech.metadata.MetadataFixtures.POST;
import static dev.samlec.mech.metadata.MetadataFixtures.SOAP;
import static dev.samlec.mech.metadata.MetadataFixtures.aggregate;
import static dev.samlec.mech.metadata.MetadataFixtures.idp;
import static dev.samlec.mech.metadata.MetadataFixtures.keyDescriptor;
import static dev.samlec.mech.metadata.MetadataFixtures.simpleIdp;
import static dev.samlec.mech.metadata.MetadataFixtures.sp;
import static dev.samlec.mech.metadata.MetadataFixtures.sso;
import static dev.samlec.mech.metadata.MetadataFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataLoaderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static X509Certificate cert;
    private static X509Certificate other;

    @BeforeAll
    static void keys() throws Exception {
        cert = MetadataFixtures.certificate("test-signer.crt");
        other = MetadataFixtures.certificate("test-other.crt");
    }

    private static MetadataLoader loader() {
        return MetadataLoader.builder().clock(CLOCK).build();
    }

    private static MetadataLoader loader(String entityId) {
        return MetadataLoader.builder().clock(CLOCK).entityId(entityId).build();
    }

    private static EcpConfigurationException failure(MetadataLoader loader, String xml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> loader.load(utf8(xml), "test metadata"));
        assertThat(t).isInstanceOf(EcpConfigurationException.class);
        return (EcpConfigurationException) t;
    }

    @Test
    void loadWhenKeycloakDescriptorThenSoapEndpointCertificateAndFlags() throws Exception {
        IdpMetadata idp = loader().load(MetadataFixtures.resource("keycloak-idp-metadata.xml"), "keycloak");

        assertThat(idp.entityId()).isEqualTo("http://127.0.0.1:8080/realms/ecp");
        assertThat(idp.soapSingleSignOnServices())
                .containsExactly(URI.create("http://127.0.0.1:8080/realms/ecp/protocol/saml"));
        assertThat(idp.signingCertificates()).hasSize(1);
        assertThat(idp.signingCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=ecp");
        assertThat(idp.wantAuthnRequestsSigned()).isTrue();
        assertThat(idp.validUntil()).isEmpty();
    }

    @Test
    void loadWhenFileThenSameAsBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("idp.xml");
        Files.write(file, MetadataFixtures.resource("keycloak-idp-metadata.xml"));

        assertThat(loader().load(file).entityId()).isEqualTo("http://127.0.0.1:8080/realms/ecp");
    }

    @Test
    void loadWhenFileMissingThenMetadataInvalidNamingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.xml");

        assertThatThrownBy(() -> loader().load(missing))
                .isInstanceOf(EcpConfigurationException.class).hasMessageContaining(missing.toString())
                .extracting(e -> ((EcpConfigurationException) e).error()).isEqualTo(EcpError.METADATA_INVALID);
    }

    @Test
    void loadWhenFileLargerThanCapThenMetadataInvalid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.xml");
        Files.write(file, MetadataFixtures.resource("keycloak-idp-metadata.xml"));
        MetadataLoader small = MetadataLoader.builder().clock(CLOCK).maxBytes(100).build();

        assertThatThrownBy(() -> small.load(file)).hasMessageContaining("more than the limit of 100 bytes")
                .extracting(e -> ((EcpConfigurationException) e).error()).isEqualTo(EcpError.METADATA_INVALID);
    }

    @Test
    void loadWhenBytesLargerThanCapThenMetadataInvalid() {
        MetadataLoader small = MetadataLoader.builder().clock(CLOCK).maxBytes(100).build();

        EcpConfigurationException e = failure(small, simpleIdp("https://idp.example.org", "idp.example.org", cert));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("limit of 100 bytes");
    }

    @Test
    void loadWhenDoctypeThenMetadataInvalidAndNoEntityExpansion() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"https://evil.example\">]>"
                + simpleIdp("https://idp.example.org", "idp.example.org", cert);

        EcpConfigurationException e = failure(loader(), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("DOCTYPE");
    }

    @Test
    void loadWhenNotWellFormedThenMetadataInvalid() {
        EcpConfigurationException e = failure(loader(), "<md:EntityDescriptor");
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("not well-formed");
    }

    @Test
    void loadWhenRootIsNotMetadataThenMetadataInvalidNamingRoot() {
        EcpConfigurationException e = failure(loader(), "<html xmlns=\"http://www.w3.org/1999/xhtml\"/>");
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("{http://www.w3.org/1999/xhtml}html", "md:EntityDescriptor");
    }

    @Test
    void loadWhenAggregateAndEntityIdThenThatIdp() throws Exception {
        String xml = aggregate("", sp("https://sp.example.org"),
                simpleIdp("https://idp1.example.org", "idp1.example.org", cert),
                simpleIdp("https://idp2.example.org", "idp2.example.org", other));

        IdpMetadata idp = loader("https://idp2.example.org").load(utf8(xml), "aggregate");

        assertThat(idp.entityId()).isEqualTo("https://idp2.example.org");
        assertThat(idp.soapSingleSignOnServices())
                .containsExactly(URI.create("https://idp2.example.org/idp/profile/SAML2/SOAP/ECP"));
        assertThat(idp.signingCertificates()).containsExactly(other);
    }

    @Test
    void loadWhenNestedAggregateThenEntityFoundInside() throws Exception {
        String inner = "<md:EntitiesDescriptor>" + simpleIdp("https://deep.example.org", "deep.example.org", cert)
                + "</md:EntitiesDescriptor>";
        String xml = aggregate("", sp("https://sp.example.org"), inner);

        assertThat(loader().load(utf8(xml), "nested").entityId()).isEqualTo("https://deep.example.org");
    }

    @Test
    void loadWhenAggregateWithOneIdpAndNoEntityIdThenThatIdp() throws Exception {
        String xml = aggregate("", sp("https://sp1.example.org"),
                simpleIdp("https://idp.example.org", "idp.example.org", cert), sp("https://sp2.example.org"));

        assertThat(loader().load(utf8(xml), "aggregate").entityId()).isEqualTo("https://idp.example.org");
    }

    @Test
    void loadWhenSeveralIdpsAndNoEntityIdThenMetadataInvalidNamingCandidates() {
        String xml = aggregate("", simpleIdp("https://idp1.example.org", "idp1.example.org", cert),
                simpleIdp("https://idp2.example.org", "idp2.example.org", cert));

        EcpConfigurationException e = failure(loader(), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("'https://idp1.example.org'", "'https://idp2.example.org'",
                "--idp-entity-id");
    }

    @Test
    void loadWhenEntityIdUnknownThenMetadataInvalidNamingItAndTheEntities() {
        String xml = aggregate("", simpleIdp("https://idp1.example.org", "idp1.example.org", cert));

        EcpConfigurationException e = failure(loader("https://other.example.org"), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("'https://other.example.org'", "'https://idp1.example.org'");
    }

    @Test
    void loadWhenEntityIdAppearsTwiceThenMetadataInvalid() {
        String xml = aggregate("", simpleIdp("https://idp.example.org", "a.example.org", cert),
                simpleIdp("https://idp.example.org", "b.example.org", other));

        EcpConfigurationException e = failure(loader("https://idp.example.org"), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("appears 2 times");
    }

    @Test
    void loadWhenEntityIsOnlyAnSpThenMetadataInvalidSayingNoIdpDescriptor() {
        EcpConfigurationException e = failure(loader("https://sp.example.org"), sp("https://sp.example.org"));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("'https://sp.example.org' has no IDPSSODescriptor");
    }

    @Test
    void loadWhenNoIdpAtAllThenMetadataInvalidListingEntities() {
        EcpConfigurationException e = failure(loader(), aggregate("", sp("https://sp.example.org")));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("no entity has an IDPSSODescriptor", "'https://sp.example.org'");
    }

    @Test
    void loadWhenIdpDescriptorIsSaml1OnlyThenNotAnIdp() {
        String xml = idp("https://idp.example.org", "", "", keyDescriptor("signing", cert)
                + sso(SOAP, "https://idp.example.org/soap")).replace("urn:oasis:names:tc:SAML:2.0:protocol",
                        "urn:oasis:names:tc:SAML:1.1:protocol");

        assertThat(failure(loader(), xml).getMessage()).contains("no entity has an IDPSSODescriptor for SAML 2.0");
    }

    @Test
    void loadWhenNoSoapEndpointThenMetadataInvalidNamingBindingsFound() {
        String xml = idp("https://idp.example.org", "", "", keyDescriptor("signing", cert)
                + sso(POST, "https://idp.example.org/sso"));

        EcpConfigurationException e = failure(loader(), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("no SingleSignOnService with Binding " + SOAP, POST);
    }

    @Test
    void loadWhenSeveralSoapEndpointsThenAllInDocumentOrder() throws Exception {
        String xml = idp("https://idp.example.org", "", "", keyDescriptor("signing", cert)
                + sso(SOAP, "https://a.example.org/ecp") + sso(POST, "https://a.example.org/post")
                + sso(SOAP, "https://b.example.org/ecp"));

        assertThat(loader().load(utf8(xml), "t").soapSingleSignOnServices()).containsExactly(
                URI.create("https://a.example.org/ecp"), URI.create("https://b.example.org/ecp"));
    }

    @Test
    void loadWhenSoapLocationIsNotHttpThenMetadataInvalidShowingValue() {
        String xml = idp("https://idp.example.org", "", "", keyDescriptor("signing", cert)
                + sso(SOAP, "file:///etc/passwd"));

        EcpConfigurationException e = failure(loader(), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("absolute http(s) URL", "file:///etc/passwd");
    }

    @Test
    void loadWhenOnlyEncryptionKeyThenMetadataInvalidSayingNoSigningKey() {
        String xml = idp("https://idp.example.org", "", "", keyDescriptor("encryption", cert)
                + sso(SOAP, "https://idp.example.org/ecp"));

        EcpConfigurationException e = failure(loader(), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("has no signing key");
    }

    @Test
    void loadWhenKeyDescriptorsWithAndWithoutUseThenSigningAndUnspecifiedKept() throws Exception {
        String xml = idp("https://idp.example.org", "", "", keyDescriptor("encryption", other)
                + keyDescriptor(null, cert) + keyDescriptor("signing", other) + sso(SOAP, "https://i.example/ecp"));

        assertThat(loader().load(utf8(xml), "t").signingCertificates()).containsExactly(cert, other);
    }

    @Test
    void loadWhenWantAuthnRequestsSignedAbsentThenFalse() throws Exception {
        IdpMetadata idp = loader().load(utf8(simpleIdp("https://idp.example.org", "idp.example.org", cert)), "t");

        assertThat(idp.wantAuthnRequestsSigned()).isFalse();
    }

    @Test
    void loadWhenValidUntilInFutureThenEarliestOfEntityAndAggregate() throws Exception {
        String entity = idp("https://idp.example.org", " validUntil=\"2026-12-31T00:00:00Z\"", "",
                keyDescriptor("signing", cert) + sso(SOAP, "https://idp.example.org/ecp"));
        String xml = aggregate(" validUntil=\"2026-12-01T00:00:00Z\"", entity);

        assertThat(loader().load(utf8(xml), "t").validUntil()).contains(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void loadWhenAggregateValidUntilPassedThenMetadataInvalidWithBothTimes() {
        String xml = aggregate(" validUntil=\"2026-11-22T11:59:59Z\"",
                simpleIdp("https://idp.example.org", "idp.example.org", cert));

        EcpConfigurationException e = failure(loader(), xml);
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("expired", "2026-11-22T11:59:59Z", "2026-11-22T12:00:00Z");
    }

    @Test
    void loadWhenIdpDescriptorValidUntilPassedThenMetadataInvalid() {
        String xml = idp("https://idp.example.org", "", " validUntil=\"2020-01-01T00:00:00Z\"",
                keyDescriptor("signing", cert) + sso(SOAP, "https://idp.example.org/ecp"));

        assertThat(failure(loader(), xml).getMessage()).contains("expired");
    }

    @Test
    void builderWhenNonPositiveSettingsThenIllegalArgument() {
        assertThatThrownBy(() -> MetadataLoader.builder().maxBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetadataLoader.builder().connectTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
