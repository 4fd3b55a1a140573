package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.RequestSigningRule;
import dev.samlec.mech.service.TrustedIdp;
import dev.samlec.mech.testing.CapturedStandardError;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IdP's {@code WantAuthnRequestsSigned} reaches the {@link TrustedIdp} a service validates with, from every
 * metadata source (one IdP's document, an aggregate, a refreshed document, MDQ), and a refreshed copy that gains it
 * makes the next request signed, or warned about when there is no key.
 */
class WantAuthnRequestsSignedTest {
    private static final String IDP = TestSamlObjects.IDP;
    private static final String IDP2 = TestSamlObjects.IDP2;
    private static final String WANTS = " WantAuthnRequestsSigned=\"true\"";

    @TempDir
    Path dir;

    private static String idp(String entityId, String idpAttributes) {
        return MetadataFixtures.idp(entityId, "", idpAttributes,
                MetadataFixtures.keyDescriptor("signing", TestCredentials.idp().certificate())
                        + MetadataFixtures.sso(MetadataFixtures.SOAP, "https://idp.example.org/ecp"));
    }

    private static MetadataAggregate aggregate(String... entities) throws Exception {
        return MetadataAggregateReader.builder().unsigned().build()
                .read(MetadataFixtures.utf8(MetadataFixtures.aggregate("", entities)), "test aggregate");
    }

    @Test
    void idpMetadataWhenFlagSetThenTrustedIdpWantsSignedRequests() throws Exception {
        MetadataLoader loader = MetadataLoader.builder().clock(Clock.systemUTC()).build();

        IdpMetadata wants = loader.load(MetadataFixtures.utf8(idp(IDP, WANTS)), "wants");
        IdpMetadata plain = loader.load(MetadataFixtures.utf8(idp(IDP, "")), "plain");

        assertThat(wants.toTrustedIdp().wantAuthnRequestsSigned()).isTrue();
        assertThat(plain.toTrustedIdp().wantAuthnRequestsSigned()).isFalse();
        assertThat(IdpTrust.of(wants.toTrustedIdp()).idpWantingSignedRequests()).contains(IDP);
        assertThat(IdpTrust.of(plain.toTrustedIdp()).idpWantingSignedRequests()).isEmpty();
    }

    @Test
    void federationTrustWhenEntitiesDifferThenEachCarriesItsOwnFlag() throws Exception {
        FederationTrust trust = FederationTrust.of(aggregate(idp(IDP, WANTS), idp(IDP2, "")), FederationFilter.all());

        assertThat(trust.find(IDP).orElseThrow().wantAuthnRequestsSigned()).isTrue();
        assertThat(trust.find(IDP2).orElseThrow().wantAuthnRequestsSigned()).isFalse();
        // a federation: the client picks its IdP after the request is made, so no IdP decides for all
        assertThat(trust.federated()).isTrue();
        assertThat(trust.idpWantingSignedRequests()).isEmpty();
        assertThat(RequestSigningRule.of(trust, List.of(IDP), true).wantingIdp()).contains(IDP);
    }

    @Test
    void federationTrustWhenOneIdpThenItsFlagDecides() throws Exception {
        assertThat(FederationTrust.of(aggregate(idp(IDP, WANTS)), FederationFilter.all()).idpWantingSignedRequests())
                .contains(IDP);
        assertThat(FederationTrust.of(aggregate(idp(IDP, "")), FederationFilter.all()).idpWantingSignedRequests())
                .isEmpty();
        FederationFilter onlyTheWantingOne = FederationFilter.builder().entityIds(List.of(IDP)).build();
        assertThat(FederationTrust.of(aggregate(idp(IDP, WANTS), idp(IDP2, "")), onlyTheWantingOne)
                .idpWantingSignedRequests()).contains(IDP);
    }

    @Test
    void refreshedTrustWhenCopyGainsFlagThenNextRequestSignedOrWarnedWithoutKey() throws Exception {
        Path file = Files.writeString(dir.resolve("idp.xml"), idp(IDP, ""));
        Clock clock = Clock.systemUTC();
        MetadataAggregateReader reader = MetadataAggregateReader.builder().unsigned().clock(clock).build();
        try (RefreshedIdpTrust trust = RefreshedIdpTrust.of(RefreshingMetadata.builder(
                MetadataParser.idpTrust(reader, clock)).file(file).clock(clock).start())) {
            RequestSigningRule withKey = RequestSigningRule.of(trust, List.of(), true);
            RequestSigningRule withoutKey = RequestSigningRule.of(trust, List.of(), false);
            withoutKey.checkSigningKey("signingKey"); // nothing wanted at start-up
            assertThat(withKey.signNow()).isFalse();

            Files.writeString(file, idp(IDP, WANTS));
            trust.metadata().refreshNow();

            assertThat(trust.find(IDP).orElseThrow().wantAuthnRequestsSigned()).isTrue();
            assertThat(withKey.signNow()).isTrue();
            String log = CapturedStandardError.during(() -> {
                assertThat(withoutKey.signNow()).isFalse();
                assertThat(withoutKey.signNow()).isFalse();
            });
            assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains(IDP)).count()).isEqualTo(1);
            assertThat(log).contains("will refuse");

            Files.writeString(file, idp(IDP, ""));
            trust.metadata().refreshNow();
            assertThat(withKey.signNow()).isFalse();
        }
    }

    @Test
    void mdqWhenEntityWantsSignedRequestsThenTrustedIdpSaysSo() throws Exception {
        try (MdqServer server = new MdqServer()) {
            server.serve(IDP, MetadataSigning.signRsaSha256(MetadataFixtures.utf8(idp(IDP, WANTS)),
                    Federation.signer().privateKey(), Federation.signer().certificate()));
            server.serve(IDP2, MetadataSigning.signRsaSha256(MetadataFixtures.utf8(idp(IDP2, "")),
                    Federation.signer().privateKey(), Federation.signer().certificate()));
            IdpTrustSource mdq = MdqTrustSource.builder().baseUrl(server.base()).allowInsecureHttp(true)
                    .verifySignatureWith(List.of(Federation.signerCertificate()))
                    .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)).build();

            assertThat(mdq.find(IDP).orElseThrow().wantAuthnRequestsSigned()).isTrue();
            assertThat(mdq.find(IDP2).orElseThrow().wantAuthnRequestsSigned()).isFalse();
            assertThat(mdq.idpWantingSignedRequests()).isEmpty();
            assertThat(RequestSigningRule.of(mdq, List.of(IDP2, IDP), true).wantingIdp()).contains(IDP);
        }
    }
}
