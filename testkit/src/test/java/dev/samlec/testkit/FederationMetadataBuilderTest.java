package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.FederationEntity;
import dev.samlec.mech.metadata.MetadataAggregate;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's documents read back through samlec's own reader, signed (RSA and EC) and unsigned. */
class FederationMetadataBuilderTest {
    private static final SigningKey FEDERATION = GeneratedKeys.rsa("test federation");
    private static final SigningKey IDP = GeneratedKeys.ec("idp");

    @Test
    void signedAggregateReadsBackWithEveryFeature() throws Exception {
        Instant until = Instant.now().plus(Duration.ofDays(2));
        byte[] xml = FederationMetadataBuilder.aggregate("urn:test:fed").validUntil(until)
                .cacheDuration(Duration.ofHours(6))
                .add(FederationMetadataBuilder.idp("https://idp1.example.org/idp")
                        .signingCertificate(IDP.certificate())
                        .encryptionCertificate(FEDERATION.certificate())
                        .ecp(URI.create("https://idp1.example.org/ecp"))
                        .displayName("en", "Example & Co").displayName("de", "Beispiel")
                        .scope("example.org").scopeRegexp("^.+\\.example\\.org$")
                        .registrationAuthority("https://fed.example.org/")
                        .entityAttribute(FederationMetadataBuilder.ENTITY_CATEGORY,
                                FederationMetadataBuilder.REFEDS_RS))
                .rawEntity(FederationMetadataBuilder.serviceProvider("https://sp.example.org/", "https://sp/acs"))
                .signedWith(FEDERATION).toBytes();
        MetadataAggregate aggregate = MetadataAggregateReader.builder()
                .verifySignatureWith(List.of(FEDERATION.certificate())).build().read(xml, "test");
        assertThat(aggregate.size()).isEqualTo(1);
        FederationEntity idp = aggregate.find("https://idp1.example.org/idp").orElseThrow();
        assertThat(idp.signingCertificates()).containsExactly(IDP.certificate());
        assertThat(idp.soapSingleSignOnServices()).containsExactly(URI.create("https://idp1.example.org/ecp"));
        assertThat(idp.displayNames()).containsEntry("en", "Example & Co").containsEntry("de", "Beispiel");
        assertThat(idp.scopes()).hasSize(2);
        assertThat(idp.registrationAuthority()).contains("https://fed.example.org/");
        assertThat(idp.hasEntityAttribute(FederationMetadataBuilder.ENTITY_CATEGORY,
                FederationMetadataBuilder.REFEDS_RS)).isTrue();
        assertThat(aggregate.cacheDuration()).contains(Duration.ofHours(6));
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("<ds:Signature");
    }

    @Test
    void ecSignedAndUnsignedDocumentsRead() throws Exception {
        SigningKey ecFederation = GeneratedKeys.ec("ec federation");
        FederationMetadataBuilder builder = FederationMetadataBuilder.aggregate(null)
                .add(FederationMetadataBuilder.idp("https://a/idp").signingCertificate(IDP.certificate()));
        byte[] signed = builder.signedWith(ecFederation).toBytes();
        assertThat(MetadataAggregateReader.builder().verifySignatureWith(List.of(ecFederation.certificate()))
                .build().read(signed, "ec").size()).isEqualTo(1);
        byte[] unsigned = builder.unsigned().toBytes();
        assertThat(MetadataAggregateReader.builder().unsigned().build().read(unsigned, "unsigned").size())
                .isEqualTo(1);
    }

    @Test
    void manyIdpsWithSharedKeysAndASignedInnerEntity() throws Exception {
        FederationMetadataBuilder builder = FederationMetadataBuilder.aggregate("big");
        for (int i = 0; i < 2000; i++) {
            builder.add(FederationMetadataBuilder.idp("https://idp" + i + ".example.org/idp")
                    .signingCertificate(i % 2 == 0 ? IDP.certificate() : FEDERATION.certificate())
                    .scope("idp" + i + ".example.org"));
        }
        builder.add(FederationMetadataBuilder.idp("https://signed.example.org/idp").signingCertificate(IDP.certificate())
                .signedWith(IDP));
        byte[] xml = builder.signedWith(FEDERATION).toBytes();
        MetadataAggregate aggregate = MetadataAggregateReader.builder()
                .verifySignatureWith(List.of(FEDERATION.certificate())).build().read(xml, "big");
        assertThat(aggregate.size()).isEqualTo(2001);
    }
}
