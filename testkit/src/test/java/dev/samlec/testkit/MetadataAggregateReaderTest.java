package dev.samlec.testkit;

import static dev.samlec.testkit.FederationMetadataBuilder.ENTITY_CATEGORY;
import static dev.samlec.testkit.FederationMetadataBuilder.REFEDS_RS;
import static dev.samlec.testkit.FederationMetadataBuilder.idp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.FederationEntity;
import dev.samlec.mech.metadata.MetadataAggregate;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.service.IdpScope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MetadataAggregateReader} on generated aggregates: the root signature (required, checked against the
 * configured certificate only, covering every entity), the entity cap, expiry of the document and of entities,
 * duplicated, keyless and SAML 1-only IdPs, key use, and what is read from each IdP.
 */
class MetadataAggregateReaderTest {
    private static final SigningKey FEDERATION = GeneratedKeys.rsa("federation");
    private static final SigningKey OTHER_FEDERATION = GeneratedKeys.rsa("federation");
    private static final SigningKey IDP_KEY = GeneratedKeys.ec("idp signing");
    private static final SigningKey IDP_ENCRYPTION = GeneratedKeys.rsa("idp encryption");
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** An aggregate valid for a week from {@link #NOW} (a signed root must say when it expires, from this clock). */
    private static FederationMetadataBuilder aggregate(String name) {
        return FederationMetadataBuilder.aggregate(name).validUntil(NOW.plus(Duration.ofDays(7)));
    }

    private static MetadataAggregateReader verifying(SigningKey... keys) {
        return MetadataAggregateReader.builder().clock(CLOCK)
                .verifySignatureWith(java.util.Arrays.stream(keys).map(SigningKey::certificate).toList()).build();
    }

    private static MetadataAggregate read(byte[] xml) throws EcpConfigurationException {
        return verifying(FEDERATION).read(xml, "test aggregate");
    }

    private static EcpError errorOf(MetadataAggregateReader reader, byte[] xml) {
        Throwable t = catchThrowable(() -> reader.read(xml, "test aggregate"));
        assertThat(t).isInstanceOf(EcpConfigurationException.class);
        return ((EcpConfigurationException) t).error();
    }

    private static FederationMetadataBuilder.Idp plain(String entityId) {
        return idp(entityId).signingCertificate(IDP_KEY.certificate());
    }

    private static FederationMetadataBuilder two() {
        return aggregate("urn:test").add(plain("https://a.example.org/idp")).add(plain("https://b.example.org/idp"));
    }

    @Test
    void readWhenSignedByTheFederationThenEveryIdpIsThere() throws Exception {
        MetadataAggregate aggregate = read(two().signedWith(FEDERATION).toBytes());
        assertThat(aggregate.size()).isEqualTo(2);
        assertThat(aggregate.find("https://b.example.org/idp")).isPresent();
        assertThat(aggregate.find("https://c.example.org/idp")).isEmpty();
        assertThat(aggregate.find(null)).isEmpty();
        assertThat(aggregate.skippedCount()).isZero();
    }

    @Test
    void readWhenSignedWithAnotherKeyThenRefused() {
        assertThat(errorOf(verifying(FEDERATION), two().signedWith(OTHER_FEDERATION).toBytes()))
                .isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void readWhenAnyOfSeveralConfiguredKeysSignedThenAccepted() throws Exception {
        assertThat(verifying(OTHER_FEDERATION, FEDERATION).read(two().signedWith(FEDERATION).toBytes(), "t").size())
                .isEqualTo(2);
    }

    @Test
    void readWhenAnEntityIsAlteredAfterSigningThenRefused() {
        String xml = new String(two().signedWith(FEDERATION).toBytes(), StandardCharsets.UTF_8);
        String altered = xml.replace("https://b.example.org/idp", "https://evil.example.org/idp");
        assertThat(altered).isNotEqualTo(xml);
        assertThat(errorOf(verifying(FEDERATION), altered.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void readWhenAnEntityIsAddedAfterSigningThenRefused() {
        String xml = new String(two().signedWith(FEDERATION).toBytes(), StandardCharsets.UTF_8);
        String entity = new String(aggregate(null).add(plain("https://evil.example.org/idp")).toBytes(),
                StandardCharsets.UTF_8);
        entity = entity.substring(entity.indexOf("<md:EntityDescriptor"), entity.indexOf("</md:EntitiesDescriptor>"));
        String altered = xml.replace("</md:EntitiesDescriptor>", entity + "</md:EntitiesDescriptor>");
        assertThat(errorOf(verifying(FEDERATION), altered.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void readWhenUnsignedAndVerificationConfiguredThenRefused() {
        assertThat(errorOf(verifying(FEDERATION), two().toBytes())).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void readWhenOnlyAnInnerEntityIsSignedByTheFederationThenRefused() {
        byte[] xml = aggregate("urn:test").add(plain("https://a.example.org/idp").signedWith(FEDERATION))
                .add(plain("https://b.example.org/idp")).toBytes();
        assertThat(errorOf(verifying(FEDERATION), xml)).isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void readWhenTheSignedAggregateIsWrappedInAnUnsignedOneWithAnExtraIdpThenRefused() {
        String signed = new String(two().signedWith(FEDERATION).toBytes(), StandardCharsets.UTF_8);
        String inner = signed.substring(signed.indexOf("<md:EntitiesDescriptor"));
        String evil = new String(aggregate("wrapper").add(plain("https://evil.example.org/idp")).toBytes(),
                StandardCharsets.UTF_8);
        String wrapped = evil.replace("</md:EntitiesDescriptor>", inner + "</md:EntitiesDescriptor>");
        assertThat(wrapped).contains("<ds:Signature").contains("evil.example.org");
        assertThat(errorOf(verifying(FEDERATION), wrapped.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EcpError.METADATA_SIGNATURE_INVALID);
    }

    @Test
    void readWhenUnsignedAskedForThenRead() throws Exception {
        MetadataAggregate aggregate = MetadataAggregateReader.builder().clock(CLOCK).unsigned().build()
                .read(two().toBytes(), "unsigned");
        assertThat(aggregate.size()).isEqualTo(2);
    }

    @Test
    void builderWhenTrustNotSaidThenRefused() {
        assertThatThrownBy(() -> MetadataAggregateReader.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MetadataAggregateReader.builder().verifySignatureWith(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetadataAggregateReader.builder().unsigned()
                .verifySignatureWith(List.of(FEDERATION.certificate())).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readWhenMoreEntitiesThanTheCapThenRefusedCountingSpsToo() {
        byte[] xml = two().rawEntity(FederationMetadataBuilder.serviceProvider("https://sp/", "https://sp/acs"))
                .signedWith(FEDERATION).toBytes();
        MetadataAggregateReader capped = MetadataAggregateReader.builder().clock(CLOCK).maxEntities(2)
                .verifySignatureWith(List.of(FEDERATION.certificate())).build();
        EcpConfigurationException e = (EcpConfigurationException) catchThrowable(() -> capped.read(xml, "capped"));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("3 EntityDescriptors").contains("limit of 2");
    }

    @Test
    void readWhenLargerThanTheByteCapThenRefused(@TempDir Path dir) throws Exception {
        byte[] xml = two().signedWith(FEDERATION).toBytes();
        MetadataAggregateReader small = MetadataAggregateReader.builder().clock(CLOCK).maxBytes(xml.length - 1)
                .verifySignatureWith(List.of(FEDERATION.certificate())).build();
        assertThat(errorOf(small, xml)).isEqualTo(EcpError.METADATA_INVALID);
        Path file = Files.write(dir.resolve("big.xml"), xml);
        assertThatThrownBy(() -> small.read(file)).isInstanceOf(EcpConfigurationException.class)
                .hasMessageContaining("more than the limit");
        MetadataAggregateReader fits = MetadataAggregateReader.builder().clock(CLOCK).maxBytes(xml.length)
                .verifySignatureWith(List.of(FEDERATION.certificate())).build();
        assertThat(fits.read(file).size()).isEqualTo(2);
    }

    @Test
    void readWhenADoctypeIsSmuggledInThenRefused() {
        String xml = new String(two().signedWith(FEDERATION).toBytes(), StandardCharsets.UTF_8)
                .replace("?>\n", "?>\n<!DOCTYPE md:EntitiesDescriptor [<!ENTITY x \"y\">]>\n");
        assertThat(errorOf(verifying(FEDERATION), xml.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EcpError.METADATA_INVALID);
    }

    @Test
    void readWhenTheRootHasExpiredThenRefused() {
        byte[] xml = two().validUntil(NOW.minusSeconds(1)).signedWith(FEDERATION).toBytes();
        EcpConfigurationException e = (EcpConfigurationException) catchThrowable(() -> read(xml));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("expired");
    }

    @Test
    void readWhenTheRootIsValidThenItsTimesAreKept() throws Exception {
        MetadataAggregate aggregate = read(two().validUntil(NOW.plusSeconds(60)).cacheDuration(Duration.ofHours(1))
                .signedWith(FEDERATION).toBytes());
        assertThat(aggregate.validUntil()).contains(NOW.plusSeconds(60));
        assertThat(aggregate.cacheDuration()).contains(Duration.ofHours(1));
    }

    @Test
    void readWhenAnEntityRoleOrGroupHasExpiredThenOnlyThoseAreLeftOut() throws Exception {
        FederationMetadataBuilder expiredGroup = aggregate("inner").validUntil(NOW.minusSeconds(1))
                .add(plain("https://grouped.example.org/idp"));
        MetadataAggregate aggregate = read(two()
                .add(plain("https://old.example.org/idp").validUntil(NOW.minusSeconds(1)))
                .add(plain("https://oldrole.example.org/idp").roleValidUntil(NOW))
                .add(plain("https://fresh.example.org/idp").validUntil(NOW.plusSeconds(1)))
                .group(expiredGroup)
                .signedWith(FEDERATION).toBytes());
        assertThat(aggregate.idps()).extracting(FederationEntity::entityId).containsExactlyInAnyOrder(
                "https://a.example.org/idp", "https://b.example.org/idp", "https://fresh.example.org/idp");
        assertThat(aggregate.skippedCount()).isEqualTo(3);
        assertThat(aggregate.skippedReasons()).anyMatch(r -> r.contains("old.example.org") && r.contains("expired"));
    }

    @Test
    void readWhenAnEntityIdAppearsTwiceThenEveryCopyIsLeftOut() throws Exception {
        MetadataAggregate aggregate = read(two().add(plain("https://a.example.org/idp")).signedWith(FEDERATION)
                .toBytes());
        assertThat(aggregate.find("https://a.example.org/idp")).isEmpty();
        assertThat(aggregate.find("https://b.example.org/idp")).isPresent();
        assertThat(aggregate.skippedCount()).isEqualTo(2);
        assertThat(aggregate.skippedReasons()).hasSize(1).allMatch(r -> r.contains("appears 2 times"));
    }

    @Test
    void readWhenAnIdpHasNoKeyOrOnlyAnEncryptionKeyThenItIsLeftOut() throws Exception {
        MetadataAggregate aggregate = read(two().add(idp("https://keyless.example.org/idp"))
                .add(idp("https://enconly.example.org/idp").encryptionCertificate(IDP_ENCRYPTION.certificate()))
                .signedWith(FEDERATION).toBytes());
        assertThat(aggregate.find("https://keyless.example.org/idp")).isEmpty();
        assertThat(aggregate.find("https://enconly.example.org/idp")).isEmpty();
        assertThat(aggregate.skippedCount()).isEqualTo(2);
        assertThat(aggregate.skippedReasons()).allMatch(r -> r.contains("no signing key"));
    }

    @Test
    void readWhenAnIdpHasSigningAndEncryptionKeysThenOnlyTheSigningOnesAreKept() throws Exception {
        SigningKey unspecified = GeneratedKeys.ec("unspecified use");
        FederationEntity entity = read(aggregate(null).add(plain("https://a.example.org/idp")
                .encryptionCertificate(IDP_ENCRYPTION.certificate())
                .unspecifiedUseCertificate(unspecified.certificate()))
                .signedWith(FEDERATION).toBytes()).find("https://a.example.org/idp").orElseThrow();
        assertThat(entity.signingCertificates()).containsExactly(IDP_KEY.certificate(), unspecified.certificate());
        assertThat(entity.toTrustedIdp().signingCertificates()).doesNotContain(IDP_ENCRYPTION.certificate());
    }

    @Test
    void readWhenAnIdpSpeaksOnlySaml1OrTheEntityIsAnSpThenIgnored() throws Exception {
        MetadataAggregate aggregate = read(two()
                .add(plain("https://saml1.example.org/idp").protocols(FederationMetadataBuilder.SAML11_PROTOCOL))
                .rawEntity(FederationMetadataBuilder.serviceProvider("https://sp.example.org/", "https://sp/acs"))
                .signedWith(FEDERATION).toBytes());
        assertThat(aggregate.size()).isEqualTo(2);
        assertThat(aggregate.find("https://saml1.example.org/idp")).isEmpty();
        assertThat(aggregate.find("https://sp.example.org/")).isEmpty();
        assertThat(aggregate.skippedCount()).isZero();
    }

    @Test
    void readWhenAnIdpSpeaksSaml1AndSaml2ThenKept() throws Exception {
        MetadataAggregate aggregate = read(aggregate(null).add(plain("https://both.example.org/idp")
                .protocols(FederationMetadataBuilder.SAML11_PROTOCOL + " " + FederationMetadataBuilder.SAML2_PROTOCOL))
                .signedWith(FEDERATION).toBytes());
        assertThat(aggregate.find("https://both.example.org/idp")).isPresent();
    }

    @Test
    void readThenScopesDisplayNamesAuthorityAttributesAndEndpointsAreRead() throws Exception {
        FederationMetadataBuilder inner = aggregate("inner").entityAttribute("urn:test:group", "yes")
                .add(plain("https://full.example.org/idp")
                        .ecp(URI.create("https://full.example.org/ecp"))
                        .singleSignOnService(FederationMetadataBuilder.REDIRECT_BINDING, "https://full.example.org/r")
                        .singleSignOnService(FederationMetadataBuilder.SOAP_BINDING, "ftp://full.example.org/x")
                        .displayName("en", "Full University").displayName("EN", "Second English")
                        .displayName(null, "No language")
                        .scope("full.example.org").scopeRegexp("^[a-z]+\\.full\\.example\\.org$")
                        .scopeRegexp("([unclosed").entityScope("entity.example.org")
                        .registrationAuthority("https://registrar.example.org/")
                        .entityAttribute(ENTITY_CATEGORY, REFEDS_RS)
                        .entityAttribute(ENTITY_CATEGORY, "http://refeds.org/category/code-of-conduct/v2"));
        MetadataAggregate aggregate = read(aggregate("outer").entityAttribute("urn:test:root", "r").group(inner)
                .add(plain("https://browser.example.org/idp")).signedWith(FEDERATION).toBytes());
        FederationEntity full = aggregate.find("https://full.example.org/idp").orElseThrow();
        assertThat(full.soapSingleSignOnServices()).containsExactly(URI.create("https://full.example.org/ecp"));
        assertThat(full.offersEcp()).isTrue();
        assertThat(full.displayNames()).containsEntry("en", "Full University").containsEntry("", "No language");
        assertThat(full.displayName()).isEqualTo("Full University");
        assertThat(full.hasDisplayName("full UNIVERSITY")).isTrue();
        assertThat(full.scopes()).containsExactly(IdpScope.literal("full.example.org"),
                IdpScope.regexp("^[a-z]+\\.full\\.example\\.org$"), IdpScope.literal("entity.example.org"));
        assertThat(full.registrationAuthority()).contains("https://registrar.example.org/");
        assertThat(full.hasEntityAttribute(ENTITY_CATEGORY, REFEDS_RS)).isTrue();
        assertThat(full.entityAttributes().get(ENTITY_CATEGORY)).hasSize(2);
        assertThat(full.hasEntityAttribute("urn:test:group", "yes")).isTrue();
        assertThat(full.hasEntityAttribute("urn:test:root", "r")).isTrue();
        FederationEntity browser = aggregate.find("https://browser.example.org/idp").orElseThrow();
        assertThat(browser.offersEcp()).isFalse();
        assertThat(browser.hasEntityAttribute("urn:test:group", "yes")).isFalse();
        assertThat(browser.displayName()).isEqualTo("https://browser.example.org/idp");
        assertThat(browser.registrationAuthority()).isEmpty();
    }

    @Test
    void readWhenTheDocumentIsASingleSignedEntityThenThatIdpIsRead() throws Exception {
        String aggregateXml = new String(aggregate(null).add(plain("https://solo.example.org/idp")).toBytes(),
                StandardCharsets.UTF_8);
        String entity = aggregateXml.substring(aggregateXml.indexOf("<md:EntityDescriptor"),
                aggregateXml.indexOf("</md:EntitiesDescriptor>")).trim()
                .replaceFirst("<md:EntityDescriptor ", "<md:EntityDescriptor xmlns:md=\""
                        + FederationMetadataBuilder.MD_NS + "\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" ");
        MetadataAggregate aggregate = MetadataAggregateReader.builder().clock(CLOCK).unsigned().build()
                .read(entity.getBytes(StandardCharsets.UTF_8), "one entity");
        assertThat(aggregate.find("https://solo.example.org/idp")).isPresent();
    }
}
