package dev.samlec.testkit.sp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The demo service's HTTPS set-up for holder-of-key: its server key, and {@code wantClientAuth} with a trust manager
 * that takes any client certificate. The handshake still proves that the client holds the certificate's private key
 * (CertificateVerify), which is all holder-of-key needs: the assertion names the key, and the validator compares the
 * two (SAML V2.0 Holder-of-Key Assertion Profile: the certificate need not chain to anything).
 */
final class ServiceTls {
    private ServiceTls() {
    }

    /** @throws IllegalStateException if the JDK cannot create the TLS context */
    static HttpsConfigurator configurator(KeyStore serverKeys, char[] password, SecureRandom random) {
        SSLContext context;
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(serverKeys, password);
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new AnyClientKey()}, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TLS context cannot be created: " + e.getMessage(), e);
        }
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setWantClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        };
    }

    /** The TLS client certificate of the exchange's connection; empty on plain HTTP or when the client sent none. */
    static Optional<X509Certificate> clientCertificate(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange)) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate
                    ? Optional.of((X509Certificate) chain[0]) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** Accepts every client chain (the key is compared with the assertion's, see the class comment). */
    private static final class AnyClientKey extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // possession is proved by the handshake; the key is checked against the assertion
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // as above
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // as above
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the demo service's trust manager is for client certificates only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
