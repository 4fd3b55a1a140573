package dev.samlec.testkit;

import static dev.samlec.testkit.FederationMetadataBuilder.ENTITY_CATEGORY;
import static dev.samlec.testkit.FederationMetadataBuilder.REFEDS_RS;
import static dev.samlec.testkit.FederationMetadataBuilder.aggregate;
import static dev.samlec.testkit.FederationMetadataBuilder.idp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.FederationFilter;
import dev.samlec.mech.metadata.FederationTrust;
import dev.samlec.mech.metadata.MetadataAggregate;
import dev.samlec.mech.metadata.MetadataAggregateReader;
import dev.samlec.mech.service.IdpScope;
import dev.samlec.mech.service.TrustedIdp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link FederationFilter} and {@link FederationTrust} over generated, signed aggregates. */
class FederationTrustTest {
    private static final SigningKey FEDERATION = GeneratedKeys.rsa("federation");
    private static final SigningKey KEY_A = GeneratedKeys.ec("a");
    private static final SigningKey KEY_B = GeneratedKeys.ec("b");
    private static final String INCOMMON = "https://incommon.org";
    private static final String EDUGAIN = "http://www.swamid.se/";
    private static final String A = "https://a.example.edu/idp";
    private static final String B = "https://b.example.edu/idp";
    private static final String C = "https://c.example.org/idp";
    private static final String D = "https://d.example.org/idp";
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static MetadataAggregate federation(Instant rootValidUntil, SigningKey keyOfA) throws Exception {
        byte[] xml = aggregate("urn:test").validUntil(rootValidUntil)
                .add(idp(A).signingCertificate(keyOfA.certificate()).registrationAuthority(INCOMMON)
                        .entityAttribute(ENTITY_CATEGORY, REFEDS_RS).scope("a.example.edu"))
                .add(idp(B).signingCertificate(KEY_B.certificate()).registrationAuthority(INCOMMON))
                .add(idp(C).signingCertificate(KEY_B.certificate()).registrationAuthority(EDUGAIN)
                        .entityAttribute(ENTITY_CATEGORY, REFEDS_RS))
                .add(idp(D).signingCertificate(KEY_B.certificate()).validUntil(NOW.plusSeconds(30)))
                .signedWith(FEDERATION).toBytes();
        return MetadataAggregateReader.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .verifySignatureWith(List.of(FEDERATION.certificate())).build().read(xml, "test federation");
    }

    private static MetadataAggregate federation() throws Exception {
        return federation(NOW.plusSeconds(3600), KEY_A);
    }

    private static List<String> trusted(FederationFilter filter) throws Exception {
        FederationTrust trust = FederationTrust.of(federation(), filter, Clock.fixed(NOW, ZoneOffset.UTC));
        List<String> result = new java.util.ArrayList<>();
        for (String id : List.of(A, B, C, D)) {
            if (trust.find(id).isPresent()) {
                result.add(id);
            }
        }
        return result;
    }

    @Test
    void findWhenNoFilterThenEveryIdpWithItsOwnKeysAndScopes() throws Exception {
        FederationTrust trust = FederationTrust.of(federation(), FederationFilter.all(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(trust.size()).isEqualTo(4);
        TrustedIdp a = trust.find(A).orElseThrow();
        assertThat(a.signingCertificates()).containsExactly(KEY_A.certificate());
        assertThat(a.scopes()).containsExactly(IdpScope.literal("a.example.edu"));
        assertThat(a.scopesEnforced()).isTrue();
        assertThat(trust.find(B).orElseThrow().scopesEnforced()).isTrue();
        assertThat(trust.find(B).orElseThrow().scopes()).isEmpty();
        assertThat(trust.find("https://unknown/idp")).isEmpty();
        assertThat(trust.find(null)).isEmpty();
        assertThat(trust.soleIdp()).isEmpty();
        assertThat(trust.entity(A).orElseThrow().registrationAuthority()).contains(INCOMMON);
        assertThat(trust.describe()).contains("test federation").contains("4 of 4").doesNotContain(A);
    }

    @Test
    void findWhenAllowListThenOnlyThose() throws Exception {
        assertThat(trusted(FederationFilter.builder().entityIds(List.of(A, C)).build())).containsExactly(A, C);
    }

    @Test
    void findWhenRegistrationAuthorityThenOnlyItsIdps() throws Exception {
        assertThat(trusted(FederationFilter.builder().registrationAuthority(INCOMMON).build())).containsExactly(A, B);
        assertThat(trusted(FederationFilter.builder().registrationAuthority(INCOMMON).registrationAuthority(EDUGAIN)
                .build())).containsExactly(A, B, C);
    }

    @Test
    void findWhenEntityAttributeThenOnlyIdpsCarryingIt() throws Exception {
        assertThat(trusted(FederationFilter.builder().entityAttribute(ENTITY_CATEGORY + "=" + REFEDS_RS).build()))
                .containsExactly(A, C);
    }

    @Test
    void findWhenCriteriaCombinedThenAllMustHold() throws Exception {
        assertThat(trusted(FederationFilter.builder().registrationAuthority(INCOMMON)
                .entityAttribute(ENTITY_CATEGORY, REFEDS_RS).build())).containsExactly(A);
        assertThat(trusted(FederationFilter.builder().entityIds(List.of(B, C))
                .entityAttribute(ENTITY_CATEGORY, REFEDS_RS).build())).containsExactly(C);
        assertThatThrownBy(() -> trusted(FederationFilter.builder().entityAttribute(ENTITY_CATEGORY, REFEDS_RS)
                .entityAttribute(ENTITY_CATEGORY, "http://refeds.org/category/other").build()))
                .isInstanceOf(EcpConfigurationException.class);
    }

    @Test
    void ofWhenNothingPassesTheFilterThenMetadataInvalid() {
        Throwable t = catchThrowable(() -> FederationTrust.of(federation(),
                FederationFilter.builder().registrationAuthority("https://nobody").build()));
        assertThat(t).isInstanceOf(EcpConfigurationException.class);
        assertThat(((EcpConfigurationException) t).error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(t.getMessage()).contains("none of its 4 IdPs passes the filter");
    }

    @Test
    void entityAttributeFilterWhenNotNameEqualsValueThenRefused() {
        for (String bad : List.of("no-equals", "=value", "name=", " = ")) {
            assertThatThrownBy(() -> FederationFilter.builder().entityAttribute(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(FederationFilter.builder().entityAttribute("n=v=w").build().entityAttributes())
                .containsExactly("n=v=w");
    }

    @Test
    void findWhenTheAggregateExpiresThenMetadataUnavailable() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        FederationTrust trust = FederationTrust.of(federation(NOW.plusSeconds(60), KEY_A), FederationFilter.all(),
                clock);
        assertThat(trust.find(A)).isPresent();
        assertThat(trust.find(D)).isPresent();
        now.set(NOW.plusSeconds(30));
        assertThat(trust.find(D)).as("D's own validUntil passed").isEmpty();
        assertThat(trust.find(A)).isPresent();
        now.set(NOW.plusSeconds(60));
        Throwable t = catchThrowable(() -> trust.find(A));
        assertThat(t).isInstanceOf(EcpException.class);
        assertThat(((EcpException) t).error()).isEqualTo(EcpError.METADATA_UNAVAILABLE);
        trust.install(federation(NOW.plusSeconds(3600), KEY_A));
        assertThat(trust.find(A)).isPresent();
    }

    @Test
    void installWhenANewAggregateThenItsKeysReplaceTheOldOnes() throws Exception {
        FederationTrust trust = FederationTrust.of(federation(), FederationFilter.all(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        MetadataAggregate before = trust.aggregate();
        SigningKey rotated = GeneratedKeys.ec("a rotated");
        trust.install(federation(NOW.plusSeconds(3600), rotated));
        assertThat(trust.find(A).orElseThrow().signingCertificates()).containsExactly(rotated.certificate());
        assertThat(trust.aggregate()).isNotSameAs(before);
    }

    @Test
    void installWhenNothingPassesThenTheOldAggregateStays() throws Exception {
        FederationTrust trust = FederationTrust.of(federation(), FederationFilter.builder().entityIds(List.of(A))
                .build(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(trust.soleIdp()).contains(A);
        byte[] withoutA = aggregate("urn:test").add(idp(B).signingCertificate(KEY_B.certificate()))
                .signedWith(FEDERATION).toBytes();
        MetadataAggregate other = MetadataAggregateReader.builder().verifySignatureWith(
                List.of(FEDERATION.certificate())).build().read(withoutA, "without A");
        assertThatThrownBy(() -> trust.install(other)).isInstanceOf(EcpConfigurationException.class);
        assertThat(trust.find(A)).isPresent();
    }
}
