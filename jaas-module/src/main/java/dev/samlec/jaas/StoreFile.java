package dev.samlec.jaas;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A key store or trust store file named in the options, with its password and type.
 *
 * @param path the file
 * @param password the store password (for a key store also the key's password), if given
 * @param type the {@code KeyStore} type, e.g. {@code PKCS12}
 */
record StoreFile(Path path, Optional<Secret> password, String type) {
    /** Checks for null. */
    StoreFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }
}
