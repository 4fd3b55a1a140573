package dev.samlec.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecSasl;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server property {@link SamlecSasl#CLIENT_CERTIFICATE}. */
class ClientCertificatePropertyTest {
    @Test
    void ofWhenCertificateThenThatCertificate() throws Exception {
        X509Certificate certificate = TestCredentials.spSigning().certificate();

        assertThat(ClientCertificateProperty.of(Map.of(SamlecSasl.CLIENT_CERTIFICATE, certificate)))
                .contains(certificate);
    }

    @Test
    void ofWhenAbsentThenEmpty() throws Exception {
        assertThat(ClientCertificateProperty.of(Map.of())).isEmpty();
        assertThat(ClientCertificateProperty.of(null)).isEmpty();
    }

    @Test
    void ofWhenWrongTypeThenConfigurationErrorNamingTheProperty() {
        assertThatThrownBy(() -> ClientCertificateProperty.of(Map.of(SamlecSasl.CLIENT_CERTIFICATE, "pem text")))
                .isInstanceOf(EcpConfigurationException.class).hasMessageContaining(SamlecSasl.CLIENT_CERTIFICATE);
    }
}
