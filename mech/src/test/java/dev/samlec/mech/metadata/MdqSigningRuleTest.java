package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.service.IdpTrustSource;
import dev.samlec.mech.service.RequestSigningRule;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A challenge's signing decision ({@link RequestSigningRule} with an IDPList) over an MDQ trust source reads the
 * cache only: an unauthenticated client's challenge never makes the service call, or wait for, the MDQ service
 * (review finding: every challenge was one more MDQ request, or a wait of the MDQ call timeout).
 */
class MdqSigningRuleTest {
    private static final String IDP = TestSamlObjects.IDP;

    @Test
    void signNowWhenMdqFailsOrStallsThenNoRequestAndNotSigned() throws Exception {
        for (boolean stall : List.of(false, true)) {
            try (MdqServer server = new MdqServer()) {
                if (stall) {
                    server.holdAnswers();
                } else {
                    server.fail(500);
                }
                IdpTrustSource mdq = MdqTrustSource.builder().baseUrl(server.base()).allowInsecureHttp(true)
                        .verifySignatureWith(List.of(Federation.signerCertificate()))
                        .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
                RequestSigningRule rule = RequestSigningRule.of(mdq, List.of(IDP), true);
                for (int i = 0; i < 20; i++) {
                    assertThat(rule.signNow()).isFalse();
                }
                assertThat(server.requests()).as(stall ? "stalled" : "failing").isZero();
                if (stall) {
                    server.release();
                }
            }
        }
    }

    @Test
    void signNowWhenMdqAllowsOneIdpWantingSignedRequestsThenLookedUpInTheBackgroundAndSigned() throws Exception {
        try (MdqServer server = new MdqServer()) {
            String xml = MetadataFixtures.idp(IDP, " validUntil=\"" + Instant.now().plus(Duration.ofDays(1)) + "\"",
                    " WantAuthnRequestsSigned=\"true\"", MetadataFixtures.keyDescriptor("signing",
                            TestCredentials.idp().certificate()) + MetadataFixtures.sso(MetadataFixtures.SOAP,
                            "https://idp.example.org/idp/profile/SAML2/SOAP/ECP"));
            server.serve(IDP, MetadataSigning.signRsaSha256(MetadataFixtures.utf8(xml),
                    Federation.signer().privateKey(), Federation.signerCertificate()));
            MdqTrustSource mdq = MdqTrustSource.builder().baseUrl(server.base()).allowInsecureHttp(true)
                    .verifySignatureWith(List.of(Federation.signerCertificate()))
                    .filter(FederationFilter.builder().entityIds(List.of(IDP)).build()).build();
            RequestSigningRule rule = RequestSigningRule.of(mdq, List.of(), true);

            // Not known yet: the challenge does not wait for MDQ, but starts a lookup (the IdP refuses unsigned
            // requests, so no Response would ever come to look it up)
            assertThat(rule.signNow()).isFalse();
            for (int i = 0; i < 100 && mdq.findWithoutFetching(IDP).isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(rule.signNow()).isTrue();
            assertThat(rule.signNow()).isTrue();
            assertThat(server.requests()).isEqualTo(1); // fresh now: no lookup per challenge
        }
    }

    @Test
    void signNowWhenTheBackgroundLookupFailsThenNotAskedAgainBeforeRetryAfterFailure() throws Exception {
        try (MdqServer server = new MdqServer()) {
            server.fail(500);
            MdqTrustSource mdq = MdqTrustSource.builder().baseUrl(server.base()).allowInsecureHttp(true)
                    .verifySignatureWith(List.of(Federation.signerCertificate()))
                    .filter(FederationFilter.builder().entityIds(List.of(IDP)).build()).build();
            RequestSigningRule rule = RequestSigningRule.of(mdq, List.of(), true);

            // an unauthenticated client's challenges, one after the other: one lookup, not one per challenge
            for (int i = 0; i < 100; i++) {
                assertThat(rule.signNow()).isFalse();
                Thread.sleep(10);
            }
            assertThat(server.requests()).isEqualTo(1);
        }
    }
}
