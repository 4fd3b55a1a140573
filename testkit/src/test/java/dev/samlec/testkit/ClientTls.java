package dev.samlec.testkit;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/** JDK HTTP clients for the demo IdP over HTTPS: trusting a CA, and optionally always showing one certificate. */
final class ClientTls {
    private ClientTls() {
    }

    static HttpClient trusting(X509Certificate ca) throws Exception {
        return client(null, ca);
    }

    /**
     * A client that presents the key entry {@link DemoTls#CLIENT_ALIAS} (or {@link DemoTls#SERVER_ALIAS}) of
     * {@code keys} whatever issuers the server asks for, as a misbehaving or hostile client would.
     */
    static HttpClient alwaysPresenting(KeyStore keys, X509Certificate ca) throws Exception {
        String alias = keys.isKeyEntry(DemoTls.CLIENT_ALIAS) ? DemoTls.CLIENT_ALIAS : DemoTls.SERVER_ALIAS;
        PrivateKey key = (PrivateKey) keys.getKey(alias, DemoTls.password());
        Certificate[] chain = keys.getCertificateChain(alias);
        X509Certificate[] x509 = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
        return client(new AlwaysThisKey(key, x509), ca);
    }

    private static HttpClient client(KeyManager keyManager, X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManager == null ? null : new KeyManager[] {keyManager}, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static final class AlwaysThisKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "always";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        AlwaysThisKey(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
