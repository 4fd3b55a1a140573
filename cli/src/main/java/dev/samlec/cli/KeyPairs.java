package dev.samlec.cli;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.SigningKey;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A private key and its certificate as given by a pair of options ({@code --sp-key}/{@code --sp-cert},
 * {@code --key}/{@code --cert}), refused at once when they are not one pair: a key of another pair would otherwise be
 * found out only by the peer, as a signature or a TLS handshake nobody can verify.
 */
final class KeyPairs {
    private KeyPairs() {
    }

    /**
     * The pair, checked.
     *
     * @param keyOption the option that named the key, for the message
     * @param keyFile the key's file, for the message
     * @throws EcpConfigurationException if the algorithms differ or the key is not the certificate's
     */
    static SigningKey checked(PrivateKey key, X509Certificate certificate, String keyOption, Path keyFile)
            throws EcpConfigurationException {
        SigningKey pair;
        boolean matches;
        try {
            pair = new SigningKey(key, certificate);
            matches = pair.keyMatchesCertificate();
        } catch (IllegalArgumentException e) {
            throw new EcpConfigurationException("option " + keyOption + ": " + e.getMessage() + " (value: " + keyFile
                    + ")");
        }
        if (!matches) {
            throw new EcpConfigurationException("option " + keyOption + ": not the private key of the certificate "
                    + certificate.getSubjectX500Principal().getName() + " (value: " + keyFile + ")");
        }
        return pair;
    }
}
