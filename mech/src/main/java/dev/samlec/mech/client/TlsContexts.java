package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the {@link SSLContext} for one trust setting and optional client key. */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext create(TlsTrust trust, IdpCredentials credentials) throws EcpConfigurationException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keys = credentials instanceof IdpCredentials.ClientCertificate
                    ? keyManagers((IdpCredentials.ClientCertificate) credentials) : null;
            context.init(keys, trustManagers(trust), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION,
                    "TLS settings cannot be used: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(TlsTrust trust) throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        if (trust instanceof TlsTrust.Pinned) {
            factory.init(anchors(((TlsTrust.Pinned) trust).certificates()));
        } else if (trust instanceof TlsTrust.TrustStore) {
            factory.init(((TlsTrust.TrustStore) trust).keyStore());
        } else {
            factory.init((KeyStore) null);
        }
        return factory.getTrustManagers();
    }

    /** A key store whose only entries are the pinned certificates as trust anchors. */
    private static KeyStore anchors(List<X509Certificate> certificates) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("pinned-" + i, certificates.get(i));
        }
        return store;
    }

    private static KeyManager[] keyManagers(IdpCredentials.ClientCertificate credentials)
            throws GeneralSecurityException, IOException {
        char[] password = credentials.keyPassword();
        try {
            KeyStore store = credentials.keyStore();
            if (credentials.alias().isPresent()) {
                store = onlyEntry(store, credentials.alias().get(), password);
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static KeyStore onlyEntry(KeyStore source, String alias, char[] password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate[] chain = source.getCertificateChain(alias);
        store.setKeyEntry(alias, source.getKey(alias, password), password, chain);
        return store;
    }
}
