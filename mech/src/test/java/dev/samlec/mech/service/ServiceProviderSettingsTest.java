package dev.samlec.mech.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Whole-object validation of the settings: each rule names its setting. */
class ServiceProviderSettingsTest {

    @Test
    void buildWhenMinimalThenDefaults() throws Exception {
        ServiceProviderSettings s = valid().build();

        assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(180));
        assertThat(s.requestLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxOutstandingRequests()).isEqualTo(10_000);
        assertThat(s.replayCache()).isInstanceOf(InMemoryReplayCache.class);
        assertThat(s.algorithmPolicy().sha1Allowed()).isFalse();
        assertThat(s.clock()).isEqualTo(Clock.systemUTC());
        assertThat(s.signingKey()).isEmpty();
        assertThat(s.decryptionKeys()).isEmpty();
        assertThat(s.secureRandom()).isNotNull();
    }

    @Test
    void buildWhenAcsIsSaslServiceNameThenAccepted() throws Exception {
        assertThat(valid().assertionConsumerServiceUrl("imap@mail.example.com").build().assertionConsumerServiceUrl())
                .isEqualTo("imap@mail.example.com");
    }

    @Test
    void buildWhenEntityIdMissingThenNamesSetting() {
        assertRejected(b -> b.entityId(" "), "entityId");
    }

    @Test
    void buildWhenAcsMissingThenNamesSetting() {
        assertRejected(b -> b.assertionConsumerServiceUrl(null), "assertionConsumerServiceUrl");
    }

    @Test
    void buildWhenAcsPaddedThenNamesSetting() {
        assertRejected(b -> b.assertionConsumerServiceUrl(" https://sp/acs"), "assertionConsumerServiceUrl");
    }

    @Test
    void buildWhenNoTrustThenNamesSetting() {
        assertRejected(b -> b.idpTrust(null), "idpTrust");
    }

    @Test
    void buildWhenSkewNegativeOrHugeThenNamesSetting() {
        assertRejected(b -> b.clockSkew(Duration.ofSeconds(-1)), "clockSkew");
        assertRejected(b -> b.clockSkew(Duration.ofMinutes(11)), "clockSkew");
    }

    @Test
    void buildWhenLifetimeZeroThenNamesSetting() {
        assertRejected(b -> b.requestLifetime(Duration.ZERO), "requestLifetime");
    }

    @Test
    void buildWhenBoundsNotPositiveThenNamesSetting() {
        assertRejected(b -> b.maxOutstandingRequests(0), "maxOutstandingRequests");
        assertRejected(b -> b.maxResponseBytes(0), "maxResponseBytes");
    }

    @Test
    void buildWhenEcDecryptionKeyThenNamesSetting() {
        assertRejected(b -> b.decryptionKeys(List.of(TestCredentials.idpEc())), "decryptionKeys");
    }

    @Test
    void buildWhenTooManyDecryptionKeysThenNamesSetting() {
        assertRejected(b -> b.decryptionKeys(Collections.nCopies(5, TestCredentials.spEncryption())),
                "decryptionKeys");
    }

    @Test
    void buildWhenNoAlgorithmPolicyOrClockThenNamesSetting() {
        assertRejected(b -> b.algorithmPolicy(null), "algorithmPolicy");
        assertRejected(b -> b.clock(null), "clock");
    }

    @Test
    void trustWhenBuiltThenCertificatesPerEntityOnly() {
        IdpTrust trust = ServiceFixture.defaultTrust();

        assertThat(trust.entityIds()).containsExactly(TestSamlObjects.IDP, TestSamlObjects.IDP2);
        assertThat(trust.certificatesOf(TestSamlObjects.IDP2)).containsExactly(TestCredentials.idp2().certificate());
        assertThat(trust.certificatesOf("urn:unknown")).isEmpty();
        assertThat(trust.soleIdp()).isEmpty();
    }

    @Test
    void trustWhenEntityNotConfiguredThenNotTrusted() {
        IdpTrust trust = ServiceFixture.defaultTrust();

        assertThat(trust.trusts(TestSamlObjects.IDP2)).isTrue();
        assertThat(trust.trusts("urn:unknown")).isFalse();
        assertThat(trust.trusts(null)).isFalse();
    }

    private static ServiceProviderSettings.Builder valid() {
        return ServiceProviderSettings.builder().entityId(TestSamlObjects.SP)
                .assertionConsumerServiceUrl(TestSamlObjects.ACS).idpTrust(ServiceFixture.defaultTrust());
    }

    private static void assertRejected(Consumer<ServiceProviderSettings.Builder> change, String setting) {
        ServiceProviderSettings.Builder b = valid();
        change.accept(b);
        assertThatExceptionOfType(EcpConfigurationException.class).isThrownBy(b::build)
                .withMessageStartingWith("setting " + setting + ":")
                .satisfies(e -> assertThat(e.error()).isEqualTo(EcpError.INVALID_CONFIGURATION));
    }
}
