package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.login.LoginException;

/**
 * Reads the acceptor's PEM keys and certificates. A key is checked against its certificate by signing a random
 * challenge and verifying it, so a key and certificate from different pairs fail at start-up, not at the IdP.
 */
final class PemKeys {
    private PemKeys() {
    }

    /** Every certificate in the PEM file of {@code option}. */
    static List<X509Certificate> certificates(Path file, String option) throws LoginException {
        try {
            return Pem.readCertificates(file);
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(option, file, e);
        }
    }

    /** The key of {@code keyOption} with the first certificate of {@code certificateOption}, checked as a pair. */
    static SigningKey keyPair(KeyFiles files, String keyOption, String certificateOption)
            throws LoginException {
        PrivateKey key;
        try {
            key = Pem.readPrivateKey(files.key());
        } catch (EcpConfigurationException e) {
            throw LoginFailures.option(keyOption, files.key(), e);
        }
        X509Certificate certificate = certificates(files.certificate(), certificateOption).get(0);
        SigningKey pair;
        boolean matches;
        try {
            pair = new SigningKey(key, certificate);
            matches = pair.keyMatchesCertificate();
        } catch (IllegalArgumentException e) {
            throw LoginFailures.option(keyOption, files.key(), e.getMessage() + " (from " + certificateOption + ")",
                    e);
        }
        if (!matches) {
            throw LoginFailures.option(keyOption, files.key(), "is not the private key of the certificate "
                    + certificate.getSubjectX500Principal().getName() + " in " + certificateOption, null);
        }
        return pair;
    }
}
