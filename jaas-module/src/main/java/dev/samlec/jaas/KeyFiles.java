package dev.samlec.jaas;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PEM private key file (unencrypted PKCS#8) and the PEM certificate of its public key.
 *
 * @param key the private key file
 * @param certificate the certificate file
 */
record KeyFiles(Path key, Path certificate) {
    /** Checks for null. */
    KeyFiles {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
    }
}
