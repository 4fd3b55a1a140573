package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SolarWinds CVE-2026-28323: a service with no IdP certificate configured must fail closed, never skip signature
 * verification. At start-up, trust without a certificate cannot be built (the settings then refuse to build, see
 * {@code ServiceProviderSettingsTest#buildWhenNoTrustThenNamesSetting}); at validation time, an issuer without a usable
 * configured key is refused. The metadata cases are in {@code MetadataEmptyTrustTest}, the JAAS acceptor's in
 * {@code AcceptorEmptyTrustTest}.
 */
class EmptyTrustTest {
    @Test
    void trustWhenEntityHasNoCertificatesThenIllegalArgument() {
        assertThatThrownBy(() -> IdpTrust.of(TestSamlObjects.IDP, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one signing certificate");
    }

    @Test
    void trustWhenCertificateListIsNullOrHoldsNullThenIllegalArgument() {
        List<X509Certificate> withNull = Arrays.asList(TestCredentials.idp().certificate(), null);

        assertThatThrownBy(() -> IdpTrust.of(TestSamlObjects.IDP, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdpTrust.of(TestSamlObjects.IDP, withNull))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trustWhenNoIdpAddedThenIllegalArgument() {
        assertThatThrownBy(() -> IdpTrust.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one trusted IdP");
    }

    @Test
    void trustWhenOneOfSeveralIdpsHasNoCertificatesThenIllegalArgument() {
        IdpTrust.Builder builder = IdpTrust.builder().add(TestSamlObjects.IDP,
                List.of(TestCredentials.idp().certificate()));

        assertThatThrownBy(() -> builder.add(TestSamlObjects.IDP2, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idpMetadataWhenNoSigningCertificatesThenIllegalArgument() {
        List<URI> endpoints = List.of(URI.create("https://idp.example.org/ecp"));

        assertThatThrownBy(() -> new IdpMetadata(TestSamlObjects.IDP, endpoints, List.of(), false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one signing certificate");
    }

    @Test
    void validateWhenSignerIsNotATrustedIdpThenInvalidIssuer() {
        ServiceFixture fixture = new ServiceFixture();
        byte[] xml = TestSamlObjects.unsigned().issuer("https://unconfigured.example.net/idp")
                .signAssertionWith(TestCredentials.attacker()).signResponseWith(TestCredentials.attacker()).bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void validateWhenTrustedIdpHasNoKeyOfTheSignaturesTypeThenInvalidSignature() {
        // The only configured key is EC; an RSA signature leaves no certificate to try, which must not mean "valid".
        ServiceFixture fixture = new ServiceFixture().configure(b -> b.idpTrust(IdpTrust.of(TestSamlObjects.IDP,
                List.of(TestCredentials.idpEc().certificate()))));

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(TestSamlObjects.signedBoth().bytes()));
    }

    @Test
    void validateWhenUnsignedResponseAndNoSignatureToCheckThenSignatureMissing() {
        ServiceFixture fixture = new ServiceFixture();

        assertError(EcpError.SIGNATURE_MISSING, () -> fixture.validate(TestSamlObjects.unsigned().bytes()));
    }
}
