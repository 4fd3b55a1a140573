package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.CapturedStandardError;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which IdPs make a request signed ({@link RequestSigningRule}): the IDPList, else a source that names its IdPs one
 * by one, never a federation without a list; no key is refused at start-up and warned about later; and the HTTP
 * ECP service ({@link PaosServiceProvider}) following the rule.
 */
class RequestSigningRuleTest {
    private static final TrustedIdp WANTS = new TrustedIdp(TestSamlObjects.IDP,
            List.of(TestCredentials.idp().certificate())).withWantAuthnRequestsSigned(true);
    private static final TrustedIdp PLAIN = new TrustedIdp(TestSamlObjects.IDP2,
            List.of(TestCredentials.idp2().certificate()));

    @Test
    void trustedIdpWhenConfiguredByCertificateThenDoesNotWantSignedRequests() {
        assertThat(PLAIN.wantAuthnRequestsSigned()).isFalse();
        assertThat(WANTS.wantAuthnRequestsSigned()).isTrue();
        assertThat(WANTS.withWantAuthnRequestsSigned(false).wantAuthnRequestsSigned()).isFalse();
        assertThat(WANTS.toString()).contains("wants signed requests");
    }

    @Test
    void idpTrustWhenSameIdpAddedTwiceThenWantsIfEitherDoes() {
        TrustedIdp byCertificate = new TrustedIdp(TestSamlObjects.IDP, List.of(TestCredentials.idp2().certificate()));

        IdpTrust trust = IdpTrust.builder().add(byCertificate).add(WANTS).build();

        assertThat(trust.find(TestSamlObjects.IDP).orElseThrow().wantAuthnRequestsSigned()).isTrue();
        assertThat(trust.find(TestSamlObjects.IDP).orElseThrow().signingCertificates()).hasSize(2);
    }

    @Test
    void wantingIdpWhenSoleIdpWantsThenIt() {
        assertThat(rule(IdpTrust.of(WANTS), List.of(), true).wantingIdp()).contains(TestSamlObjects.IDP);
        assertThat(rule(IdpTrust.of(PLAIN), List.of(), true).wantingIdp()).isEmpty();
    }

    @Test
    void wantingIdpWhenOneOfSeveralNamedIdpsWantsThenSigned() {
        IdpTrust both = IdpTrust.builder().add(PLAIN).add(WANTS).build();

        assertThat(rule(both, List.of(), true).wantingIdp()).contains(TestSamlObjects.IDP);
    }

    @Test
    void wantingIdpWhenIdpListThenOnlyListedIdpsCount() {
        IdpTrust both = IdpTrust.builder().add(PLAIN).add(WANTS).build();

        assertThat(rule(both, List.of(TestSamlObjects.IDP2), true).wantingIdp()).isEmpty();
        assertThat(rule(both, List.of(TestSamlObjects.IDP2, TestSamlObjects.IDP), true).wantingIdp())
                .contains(TestSamlObjects.IDP);
    }

    @Test
    void wantingIdpWhenFederatedWithoutIdpListThenNotSignedByThisRule() {
        IdpTrustSource federation = new Federation(IdpTrust.builder().add(PLAIN).add(WANTS).build());

        assertThat(rule(federation, List.of(), true).wantingIdp()).isEmpty();
        assertThat(rule(federation, List.of(TestSamlObjects.IDP), true).wantingIdp()).contains(TestSamlObjects.IDP);
    }

    @Test
    void wantingIdpWhenListedIdpCannotBeLookedUpThenNotCounted() {
        IdpTrustSource down = new IdpTrustSource() {
            @Override
            public Optional<TrustedIdp> find(String entityId) throws EcpException {
                throw new EcpException(EcpError.METADATA_UNAVAILABLE, "down");
            }

            @Override
            public String describe() {
                return "down";
            }
        };

        assertThat(rule(down, List.of(TestSamlObjects.IDP), false).wantingIdp()).isEmpty();
    }

    @Test
    void checkSigningKeyWhenIdpWantsAndNoKeyThenOneWarningNamingIdpAndOption() throws Exception {
        RequestSigningRule rule = rule(IdpTrust.of(WANTS), List.of(), false);

        String log = CapturedStandardError.during(() -> {
            rule.checkSigningKey("signingKey (JAAS option signingKey)");
            assertThat(rule.signNow()).isFalse();
        });

        assertThat(log.lines().filter(l -> l.contains("WARN")).toList()).hasSize(1);
        assertThat(log).contains(TestSamlObjects.IDP).contains("WantAuthnRequestsSigned")
                .contains("JAAS option signingKey").contains("go unsigned");
    }

    @Test
    void checkSigningKeyWhenKeyOrNoWishThenAccepted() {
        rule(IdpTrust.of(WANTS), List.of(), true).checkSigningKey("x");
        rule(IdpTrust.of(PLAIN), List.of(), false).checkSigningKey("x");
    }

    @Test
    void signNowWhenIdpWantsAndNoKeyThenUnsignedAndOneWarning() throws Exception {
        RequestSigningRule rule = rule(IdpTrust.of(WANTS), List.of(), false);

        String log = CapturedStandardError.during(() -> {
            assertThat(rule.signNow()).isFalse();
            assertThat(rule.signNow()).isFalse();
        });

        assertThat(log.lines().filter(l -> l.contains("WARN")).toList()).hasSize(1);
        assertThat(log).contains(TestSamlObjects.IDP).contains("will refuse").contains("signingKey");
    }

    @Test
    void signNowWhenIdpWantsAndKeyThenSigned() {
        assertThat(rule(IdpTrust.of(WANTS), List.of(), true).signNow()).isTrue();
        assertThat(rule(IdpTrust.of(PLAIN), List.of(), true).signNow()).isFalse();
    }

    @Test
    void paosChallengeWhenIdpWantsSignedThenSignedAlthoughOptionsSayNotByDefault() throws Exception {
        ServiceFixture fixture = new ServiceFixture().configure(s -> s.signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(WANTS)));
        IssueOptions onlyWhenRequired = IssueOptions.builder().signWhenKeyConfigured(false).build();

        PaosServiceProvider service = new PaosServiceProvider(fixture.settings(), onlyWhenRequired, null);

        assertThat(service.challenge(Optional.empty()).authnRequest().signed()).isTrue();
    }

    @Test
    void paosChallengeWhenIdpDoesNotWantSignedThenOptionsDecide() throws Exception {
        ServiceFixture fixture = new ServiceFixture().configure(s -> s.signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(PLAIN)));
        IssueOptions onlyWhenRequired = IssueOptions.builder().signWhenKeyConfigured(false).build();

        PaosServiceProvider service = new PaosServiceProvider(fixture.settings(), onlyWhenRequired, null);

        assertThat(service.challenge(Optional.empty()).authnRequest().signed()).isFalse();
    }

    @Test
    void paosServiceWhenIdpWantsSignedAndNoKeyThenWarnsAndChallengesUnsigned() throws Exception {
        ServiceFixture fixture = new ServiceFixture().configure(s -> s.idpTrust(IdpTrust.of(WANTS)));

        String log = CapturedStandardError.during(() -> assertThat(new PaosServiceProvider(fixture.settings())
                .challenge(Optional.empty()).authnRequest().signed()).isFalse());

        assertThat(log).contains(TestSamlObjects.IDP).contains("signingKey");
    }

    private static RequestSigningRule rule(IdpTrustSource trust, List<String> idpList, boolean canSign) {
        return RequestSigningRule.of(trust, idpList, canSign);
    }

    /** The same IdPs, but as a federation's (the client picks one after the request is made). */
    private static final class Federation implements IdpTrustSource {
        private final IdpTrust idps;

        Federation(IdpTrust idps) {
            this.idps = idps;
        }

        @Override
        public Optional<TrustedIdp> find(String entityId) {
            return idps.find(entityId);
        }

        @Override
        public boolean federated() {
            return true;
        }

        @Override
        public String describe() {
            return "test federation";
        }
    }
}
