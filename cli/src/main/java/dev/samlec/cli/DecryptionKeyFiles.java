package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The {@code --sp-key}/{@code --sp-cert} pair of {@code samlec verify}: the service's decryption key and its
 * certificate (mech's {@link SigningKey} holds both). The certificate may sit in the key file itself.
 */
final class DecryptionKeyFiles {
    private final Path keyFile;
    private final Path certificateFile;

    /** Files as given on the command line; either may be null. */
    DecryptionKeyFiles(Path keyFile, Path certificateFile) {
        this.keyFile = keyFile;
        this.certificateFile = certificateFile;
    }

    /**
     * The decryption keys: none without {@code --sp-key}, else one.
     *
     * @throws UsageException if {@code --sp-cert} is given without {@code --sp-key}, or no certificate is found
     * @throws EcpConfigurationException if a file cannot be read or the key does not match the certificate
     */
    List<SigningKey> load() throws UsageException, EcpConfigurationException {
        if (keyFile == null) {
            if (certificateFile != null) {
                throw new UsageException("option --sp-cert: needs --sp-key (value: " + certificateFile + ")");
            }
            return List.of();
        }
        PrivateKey key = Pem.readPrivateKey(keyFile);
        return List.of(KeyPairs.checked(key, certificate(), "--sp-key", keyFile));
    }

    private X509Certificate certificate() throws UsageException, EcpConfigurationException {
        if (certificateFile != null) {
            return Pem.readCertificates(certificateFile).get(0);
        }
        try {
            return Pem.readCertificates(keyFile).get(0);
        } catch (EcpConfigurationException e) {
            throw new UsageException("option --sp-key: the file holds no CERTIFICATE block; give the certificate"
                    + " with --sp-cert (value: " + keyFile + ")");
        }
    }
}
