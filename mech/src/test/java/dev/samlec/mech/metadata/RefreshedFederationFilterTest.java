package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The federation filters apply to every copy a {@link RefreshingMetadata} loads ({@link MetadataParser#federation}). */
class RefreshedFederationFilterTest {
    private static final String KEPT = "https://idp1.example.org/idp";
    private static final String FILTERED = "https://idp2.example.org/idp";

    @TempDir
    Path dir;

    @Test
    void findWhenAggregateRefreshedWithAllowListThenOnlyListedIdpTrusted() throws Exception {
        SigningKey federation = TestCredentials.attacker(); // any key the reader is told to trust
        byte[] xml = TestFederation.signed(TestFederation.aggregate(List.of(
                TestFederation.idp(KEPT, "https://idp1.example.org/ecp", TestCredentials.idp().certificate(), "One"),
                TestFederation.idp(FILTERED, "https://idp2.example.org/ecp", TestCredentials.idp2().certificate(),
                        "Two"))), federation.privateKey(), federation.certificate());
        Path file = Files.write(dir.resolve("federation.xml"), xml);
        Clock clock = Clock.systemUTC();
        MetadataAggregateReader reader = MetadataAggregateReader.builder().clock(clock)
                .verifySignatureWith(List.of(federation.certificate())).build();
        FederationFilter filter = FederationFilter.builder().entityIds(List.of(KEPT)).build();

        try (RefreshedIdpTrust trust = RefreshedIdpTrust.of(RefreshingMetadata.builder(
                MetadataParser.federation(reader, filter, clock)).file(file).clock(clock).start())) {
            assertThat(trust.find(KEPT)).isPresent();
            assertThat(trust.find(FILTERED)).isEmpty();
            // One IdP left after the filter: not a federation whose members could assert each other's NameIDs.
            assertThat(trust.federated()).isFalse();
        }
    }
}
