package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Everything that decides what a connection to an IdP is, so that a kept connection is reused only by a call that
 * would have made the very same connection: scheme, host (as written) and port of the SOAP URL; the TLS trust, by
 * the certificates it holds (a trust store is read at each login, so a changed store is another key); the TLS
 * client identity, by its certificate chains and a digest of its private keys (the certificate alone is public:
 * a connection authenticated with a key must not serve a caller who has the certificate but not the key); the
 * timeouts and the size cap. Never the per-request credentials: HTTP Basic is a header on each request.
 *
 * <p>No key ({@link #of} is empty) means the connection must not be shared: Negotiate, since some servers
 * (IIS with Kerberos) authenticate the connection rather than each request, so a kept connection could carry the
 * previous user's identity; and a client key that cannot be read (a hardware token), which cannot be told apart.
 * Holds digests only, never a password or key.
 */
record TransportKey(String scheme, String host, int port, String trust, String clientIdentity,
        Duration connectTimeout, Duration responseTimeout, Duration callTimeout, int maxResponseBytes) {

    /**
     * The key of {@code endpoint}, or empty when its connections must not be shared.
     *
     * @throws EcpConfigurationException when the trust store or client key store cannot be read (the same
     *     problem would stop the TLS context from being built)
     */
    static Optional<TransportKey> of(IdpEndpoint endpoint) throws EcpConfigurationException {
        Optional<String> client = clientIdentity(endpoint.credentials());
        if (client.isEmpty()) {
            return Optional.empty();
        }
        URI url = endpoint.soapUrl();
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return Optional.of(new TransportKey(scheme, url.getHost().toLowerCase(Locale.ROOT), port,
                trust(endpoint.trust().orElse(TlsTrust.system())), client.get(), endpoint.connectTimeout(),
                endpoint.responseTimeout(), endpoint.callTimeout(), endpoint.maxResponseBytes()));
    }

    private static String trust(TlsTrust trust) throws EcpConfigurationException {
        try {
            if (trust instanceof TlsTrust.Pinned pinned) {
                return "pinned:" + anchors(pinned.certificates());
            }
            if (trust instanceof TlsTrust.TrustStore store) {
                // PKIX takes every certificate entry and the leaf of every key entry as an anchor
                KeyStore keys = store.keyStore();
                List<Certificate> anchors = new java.util.ArrayList<>();
                for (String alias : Collections.list(keys.aliases())) {
                    Certificate certificate = keys.getCertificate(alias);
                    if (certificate != null) {
                        anchors.add(certificate);
                    }
                }
                return "store:" + anchors(anchors);
            }
            return "system";
        } catch (GeneralSecurityException e) {
            throw unusable(e);
        }
    }

    /** Empty when not shareable; "none" without a client certificate. */
    private static Optional<String> clientIdentity(IdpCredentials credentials) throws EcpConfigurationException {
        if (credentials instanceof IdpCredentials.Negotiate) {
            return Optional.empty();
        }
        if (!(credentials instanceof IdpCredentials.ClientCertificate certificate)) {
            return Optional.of("none");
        }
        char[] password = certificate.keyPassword();
        try {
            KeyStore store = certificate.keyStore();
            List<String> aliases = certificate.alias().isPresent() ? List.of(certificate.alias().get())
                    : Collections.list(store.aliases());
            TreeSet<String> entries = new TreeSet<>();
            for (String alias : aliases) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                byte[] encoded = key == null ? null : key.getEncoded();
                Certificate[] chain = store.getCertificateChain(alias);
                if (encoded == null || chain == null) {
                    return Optional.empty();
                }
                try {
                    entries.add(alias + "=" + digests(Arrays.asList(chain)) + "/" + sha256(encoded));
                } finally {
                    Arrays.fill(encoded, (byte) 0);
                }
            }
            return Optional.of("cert:" + String.join(",", entries));
        } catch (GeneralSecurityException e) {
            throw unusable(e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The SHA-256 of each anchor, sorted: anchors are a set. */
    private static String anchors(List<? extends Certificate> certificates) throws GeneralSecurityException {
        TreeSet<String> sorted = new TreeSet<>();
        for (Certificate certificate : certificates) {
            sorted.add(sha256(certificate.getEncoded()));
        }
        return String.join(";", sorted);
    }

    /** The SHA-256 of each certificate of a chain, in order. */
    private static String digests(List<? extends Certificate> certificates) throws GeneralSecurityException {
        StringBuilder out = new StringBuilder();
        for (Certificate certificate : certificates) {
            out.append(sha256(certificate.getEncoded())).append(';');
        }
        return out.toString();
    }

    private static String sha256(byte[] bytes) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static EcpConfigurationException unusable(Exception e) {
        return new EcpConfigurationException(EcpError.INVALID_CONFIGURATION,
                "TLS settings cannot be used: " + e.getMessage(), e);
    }

    /** Describes the key without secrets, for debug messages. */
    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port + " (" + (clientIdentity.equals("none") ? "no client certificate"
                : "a client certificate") + ")";
    }
}
