package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdpMetadataTest {
    private static final URI SSO = URI.create("https://idp.example.org/idp/profile/SAML2/SOAP/ECP");

    @Test
    void constructorWhenListsChangedAfterwardsThenCopyUnaffected() throws Exception {
        X509Certificate cert = MetadataFixtures.certificate("test-signer.crt");
        List<URI> endpoints = new ArrayList<>(List.of(SSO));
        List<X509Certificate> certs = new ArrayList<>(List.of(cert));

        IdpMetadata idp = new IdpMetadata("https://idp.example.org", endpoints, certs, true,
                Optional.of(Instant.EPOCH));
        endpoints.clear();
        certs.clear();

        assertThat(idp.soapSingleSignOnServices()).containsExactly(SSO);
        assertThat(idp.signingCertificates()).containsExactly(cert);
        assertThat(idp.validUntil()).contains(Instant.EPOCH);
        assertThatThrownBy(() -> idp.soapSingleSignOnServices().add(SSO))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorWhenRequiredPartMissingThenIllegalArgumentNamingIt() throws Exception {
        X509Certificate cert = MetadataFixtures.certificate("test-signer.crt");

        assertThatThrownBy(() -> new IdpMetadata(" ", List.of(SSO), List.of(cert), false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entityId");
        assertThatThrownBy(() -> new IdpMetadata("e", List.of(), List.of(cert), false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOAP SingleSignOnService");
        assertThatThrownBy(() -> new IdpMetadata("e", List.of(SSO), List.of(), false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signing certificate");
    }

    @Test
    void equalsWhenSameContentThenEqual() throws Exception {
        X509Certificate cert = MetadataFixtures.certificate("test-signer.crt");
        IdpMetadata a = new IdpMetadata("e", List.of(SSO), List.of(cert), false, Optional.empty());
        IdpMetadata b = new IdpMetadata("e", List.of(SSO), List.of(cert), false, Optional.empty());

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).contains("entityId=e").doesNotContain("BEGIN CERTIFICATE");
    }
}
