package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.TestCredentials;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class TlsChannelBindingTest {
    @Test
    void tlsServerEndPointWhenSha256RsaCertificateThenSha256OfDer() throws Exception {
        SigningKey key = TestCredentials.idp();
        TlsChannelBinding binding = TlsChannelBinding.tlsServerEndPoint(key.certificate());

        assertThat(binding.type()).isEqualTo(TlsChannelBinding.TLS_SERVER_END_POINT);
        assertThat(binding.data())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded()));
    }

    @Test
    void fromJdkPropertyWhenPrefixedThenRawHash() {
        byte[] jdk = "tls-server-end-point:\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(TlsChannelBinding.fromJdkProperty(jdk)).contains(
                new TlsChannelBinding(TlsChannelBinding.TLS_SERVER_END_POINT, new byte[] {1, 2}));
        assertThat(TlsChannelBinding.fromJdkProperty("tls-unique:x".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(TlsChannelBinding.fromJdkProperty("not bytes")).isEmpty();
        assertThat(TlsChannelBinding.fromJdkProperty(null)).isEmpty();
    }

    @Test
    void constructorWhenTypeOrDataInvalidThenRejected() {
        assertThatThrownBy(() -> new TlsChannelBinding("tls unique", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsChannelBinding("tls-exporter", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataWhenModifiedByCallerThenBindingUnchanged() {
        byte[] data = {1, 2, 3};
        TlsChannelBinding binding = new TlsChannelBinding("tls-exporter", data);
        data[0] = 9;
        binding.data()[1] = 9;

        assertThat(binding.data()).containsExactly(1, 2, 3);
        assertThat(binding.toString()).doesNotContain("1, 2").contains("3 bytes");
    }

    @Test
    void forClientAndForServerWhenRealTlsConnectionThenClientChoiceIsAmongServerBindings() throws Exception {
        SigningKey key = TestCredentials.idp();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", key.privateKey(), "pw".toCharArray(), new Certificate[] {key.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, "pw".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", key.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext server = SSLContext.getInstance("TLSv1.3");
        server.init(kmf.getKeyManagers(), null, null);
        SSLContext client = SSLContext.getInstance("TLSv1.3");
        client.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            CompletableFuture<List<TlsChannelBinding>> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    InputStream in = accepted.getInputStream();
                    in.read();
                    List<TlsChannelBinding> bindings = TlsChannelBinding.forServer(accepted.getSession());
                    accepted.getOutputStream().write(1);
                    return bindings;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1",
                    listener.getLocalPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(1);
                socket.getInputStream().read();
                TlsChannelBinding chosen = TlsChannelBinding.forClient(socket.getSession());

                List<TlsChannelBinding> offered = serverSide.get(10, TimeUnit.SECONDS);
                assertThat(offered).contains(chosen);
                assertThat(offered).contains(TlsChannelBinding.tlsServerEndPoint(key.certificate()));
                boolean jdkCanExport = Runtime.version().feature() >= 25;
                assertThat(chosen.type()).isEqualTo(jdkCanExport ? TlsChannelBinding.TLS_EXPORTER
                        : TlsChannelBinding.TLS_SERVER_END_POINT);
            }
        }
    }

    @Test
    void constructorWhenDataHasOwnTypePrefixThenStrippedOnce() {
        byte[] twice = "tls-server-end-point:tls-server-end-point:x".getBytes(StandardCharsets.US_ASCII);

        TlsChannelBinding binding = new TlsChannelBinding(TlsChannelBinding.TLS_SERVER_END_POINT, twice);

        assertThat(new String(binding.data(), StandardCharsets.US_ASCII))
                .isEqualTo("tls-server-end-point:x");
    }

    @Test
    void constructorWhenDataHasAnotherTypesPrefixThenRefused() {
        assertThatThrownBy(() -> new TlsChannelBinding(
                TlsChannelBinding.TLS_SERVER_END_POINT,
                "tls-exporter:abc".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls-exporter:");
    }

    @Test
    void constructorWhenOnlyThePrefixThenRefused() {
        assertThatThrownBy(() -> new TlsChannelBinding(
                TlsChannelBinding.TLS_EXPORTER, "tls-exporter:".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofPrefixedWhenExporterPrefixThenTypeFromPrefix() {
        TlsChannelBinding binding = TlsChannelBinding.ofPrefixed(
                "tls-exporter:\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(binding.type()).isEqualTo(TlsChannelBinding.TLS_EXPORTER);
        assertThat(binding.data()).containsExactly(1, 2);
    }

    /** Review finding: tls-unique is undefined on TLS 1.3, and raw prefixed bytes do not say the version. */
    @Test
    void ofPrefixedWhenTlsUniquePrefixThenRefused() {
        assertThatThrownBy(() -> TlsChannelBinding.ofPrefixed(
                "tls-unique:\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls-exporter:");
    }
}
