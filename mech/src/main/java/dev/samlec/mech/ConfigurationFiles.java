package dev.samlec.mech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads the small local files a configuration names (PEM certificates and keys, key stores, password files) with a
 * bound: only a regular file (a FIFO would block for ever, {@code /dev/zero} would fill the heap) of at most a given
 * size, so that a wrong path gets a one-line {@code invalid_configuration} naming the file instead of a hang or an
 * {@code OutOfMemoryError}. Symbolic links are followed.
 */
public final class ConfigurationFiles {
    /** The bound of a PEM file: far above a CA bundle (the Mozilla one is about 0.2 MiB). */
    public static final int PEM_MAX_BYTES = 8 * 1024 * 1024;
    /** The bound of a key store file. */
    public static final int KEY_STORE_MAX_BYTES = 8 * 1024 * 1024;
    /** The bound of a file holding one password. */
    public static final int PASSWORD_MAX_BYTES = 4 * 1024;

    private ConfigurationFiles() {
    }

    /**
     * The file's bytes.
     *
     * @param what how messages name the file, e.g. {@code "option --cert"}
     * @throws EcpConfigurationException if it is missing, not a regular file, unreadable or larger than
     *     {@code maxBytes}
     */
    public static byte[] read(Path file, int maxBytes, String what) throws EcpConfigurationException {
        if (!Files.isRegularFile(file, new LinkOption[0])) {
            throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, what + ": "
                    + (Files.exists(file) ? "not a regular file" : "no such file") + " (value: " + file + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, what + ": larger than "
                        + maxBytes + " bytes, not a file of this kind (value: " + file + ")");
            }
            return bytes;
        } catch (IOException e) {
            throw new EcpConfigurationException(EcpError.INVALID_CONFIGURATION, what + ": cannot be read ("
                    + e.getMessage() + ") (value: " + file + ")", e);
        }
    }
}
