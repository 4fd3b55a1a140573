package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTlsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void generateThenCaServerAndClientCertificatesFitTogether() throws Exception {
        DemoTls tls = DemoTls.generate(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
        X509Certificate ca = tls.caCertificate();
        X509Certificate server = tls.serverCertificate();

        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        ca.verify(ca.getPublicKey());
        server.verify(ca.getPublicKey());
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(server.getNotAfter().toInstant()).isAfter(NOW.plusSeconds(300L * 24 * 3600));
        KeyStore serverStore = tls.serverKeyStore();
        assertThat(serverStore.getCertificateChain(DemoTls.SERVER_ALIAS)).containsExactly(server, ca);
        assertThat(serverStore.getKey(DemoTls.SERVER_ALIAS, DemoTls.password())).isNotNull();
    }

    @Test
    void clientKeyStoreThenCnIsTheUidAndUsageIsClientAuth() throws Exception {
        DemoTls tls = DemoTls.generate();
        KeyStore store = tls.clientKeyStore("alice");
        X509Certificate client = (X509Certificate) store.getCertificate(DemoTls.CLIENT_ALIAS);

        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        client.verify(tls.caCertificate().getPublicKey());
        assertThat(List.of(store.getCertificateChain(DemoTls.CLIENT_ALIAS))).hasSize(2);
        assertThat(tls.clientKeyStore("alice").getCertificate(DemoTls.CLIENT_ALIAS)).isNotEqualTo(client);
        assertThatThrownBy(() -> tls.clientKeyStore(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generateTwiceThenUnrelatedCas() {
        X509Certificate first = DemoTls.generate().caCertificate();
        X509Certificate second = DemoTls.generate().caCertificate();

        assertThat(first.getSubjectX500Principal()).isNotEqualTo(second.getSubjectX500Principal());
        assertThat(first.getPublicKey()).isNotEqualTo(second.getPublicKey());
    }
}
