package dev.samlec.mech.client;

import dev.samlec.mech.EcpConfigurationException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Which TLS server certificates an HTTPS connection accepts. The host name is verified in every case.
 *
 * <ul>
 *   <li>{@link #pinned}: only the listed certificates are trust anchors: the server's own (leaf) certificate, or a CA
 *       that issued it. This is the recommended setting for an IdP (attacks.md ECP-4: a dedicated trust anchor,
 *       not the general CA bundle);
 *   <li>{@link #trustStore}: the trusted certificate entries of a dedicated key store;
 *   <li>{@link #system}: the JVM's default CA bundle; for an IdP only when asked for explicitly.
 * </ul>
 */
public sealed interface TlsTrust permits TlsTrust.Pinned, TlsTrust.TrustStore, TlsTrust.SystemDefault {

    /** Trust exactly these certificates as anchors (leaf or CA); at least one. */
    static TlsTrust pinned(List<X509Certificate> certificates) {
        return new Pinned(certificates);
    }

    /** Trust the trusted-certificate entries of this key store. */
    static TlsTrust trustStore(KeyStore trustStore) {
        return new TrustStore(trustStore);
    }

    /** Trust the JVM's default CA bundle. */
    static TlsTrust system() {
        return SystemDefault.INSTANCE;
    }

    /**
     * A TLS context that trusts exactly this setting and presents no client certificate, for HTTPS fetches outside
     * the IdP client (a metadata URL: {@code MetadataLoader.Builder#sslContext}).
     *
     * @throws EcpConfigurationException ({@code invalid_configuration}) if the JVM cannot build it
     */
    default SSLContext sslContext() throws EcpConfigurationException {
        return TlsContexts.create(this, IdpCredentials.none());
    }

    /** Pinned certificates. */
    record Pinned(List<X509Certificate> certificates) implements TlsTrust {
        /** Copies the list; it must not be empty. */
        public Pinned {
            certificates = List.copyOf(certificates);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("at least one pinned certificate is needed");
            }
        }
    }

    /** A dedicated trust store. */
    record TrustStore(KeyStore keyStore) implements TlsTrust {
        /** Checks for null. */
        public TrustStore {
            Objects.requireNonNull(keyStore, "keyStore");
        }
    }

    /** The JVM default trust. */
    final class SystemDefault implements TlsTrust {
        private static final SystemDefault INSTANCE = new SystemDefault();

        private SystemDefault() {
        }

        @Override
        public String toString() {
            return "SystemDefault";
        }
    }
}
