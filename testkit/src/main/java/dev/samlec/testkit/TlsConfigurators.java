package dev.samlec.testkit;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** The demo IdP's HTTPS set-up: its server key, and when client certificates are trusted, {@code wantClientAuth}. */
final class TlsConfigurators {
    private TlsConfigurators() {
    }

    /** @throws IllegalStateException if the JDK cannot create a TLS context */
    static HttpsConfigurator create(KeyManager[] keyManagers, Optional<ClientCertificateVerifier> certificates,
            SecureRandom random) {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            TrustManager[] trust = certificates.map(c -> new TrustManager[] {c.handshakeTrustManager()}).orElse(null);
            context.init(keyManagers, trust, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TLS context cannot be created: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            return new HttpsConfigurator(context);
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
}
