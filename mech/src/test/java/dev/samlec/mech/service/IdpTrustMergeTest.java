package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.testing.TestCredentials;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One entityID added twice (two metadata sources, or a file and code) is one trusted IdP: both sources' keys, the
 * union of their scopes, scopes enforced when either source enforces them, and signed requests wanted when either
 * wants them. A merge must never loosen what one source said.
 */
class IdpTrustMergeTest {
    private static final String IDP = "https://idp.example.edu/idp";

    private static TrustedIdp fromMetadata(String scope) {
        return TrustedIdp.withMetadataScopes(IDP, List.of(TestCredentials.idp().certificate()),
                List.of(IdpScope.literal(scope)));
    }

    private static TrustedIdp fromCode() {
        return new TrustedIdp(IDP, List.of(TestCredentials.idp2().certificate()));
    }

    @Test
    void buildWhenOneSourceEnforcesScopesThenTheMergedIdpEnforcesThemWhicheverComesFirst() {
        for (List<TrustedIdp> order : List.of(List.of(fromMetadata("example.edu"), fromCode()),
                List.of(fromCode(), fromMetadata("example.edu")))) {
            TrustedIdp merged = IdpTrust.builder().add(order.get(0)).add(order.get(1)).build().find(IDP).orElseThrow();

            assertThat(merged.scopesEnforced()).isTrue();
            assertThat(merged.allowsScope("example.edu")).isTrue();
            assertThat(merged.allowsScope("other.edu")).isFalse();
            assertThat(merged.signingCertificates()).containsExactlyInAnyOrder(TestCredentials.idp().certificate(),
                    TestCredentials.idp2().certificate());
        }
    }

    @Test
    void buildWhenBothSourcesHaveScopesThenTheUnion() {
        TrustedIdp merged = IdpTrust.builder().add(fromMetadata("example.edu")).add(fromMetadata("lab.example.edu"))
                .build().find(IDP).orElseThrow();

        assertThat(merged.allowsScope("example.edu")).isTrue();
        assertThat(merged.allowsScope("lab.example.edu")).isTrue();
        assertThat(merged.allowsScope("evil.edu")).isFalse();
        assertThat(merged.scopes()).hasSize(2);
    }

    @Test
    void buildWhenNeitherSourceEnforcesScopesThenNotEnforced() {
        TrustedIdp merged = IdpTrust.builder().add(fromCode()).add(fromCode()).build().find(IDP).orElseThrow();

        assertThat(merged.scopesEnforced()).isFalse();
    }

    @Test
    void buildWhenOneSourceWantsSignedRequestsThenTheMergedIdpDoes() {
        for (boolean firstWants : new boolean[] {true, false}) {
            TrustedIdp wants = fromCode().withWantAuthnRequestsSigned(true);
            IdpTrust trust = firstWants ? IdpTrust.builder().add(wants).add(fromCode()).build()
                    : IdpTrust.builder().add(fromCode()).add(wants).build();

            assertThat(trust.find(IDP).orElseThrow().wantAuthnRequestsSigned()).isTrue();
            assertThat(trust.idpWantingSignedRequests()).contains(IDP);
        }
        assertThat(IdpTrust.builder().add(fromCode()).add(fromCode()).build().idpWantingSignedRequests()).isEmpty();
    }
}
