package dev.samlec.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.directory.api.ldap.model.exception.LdapInvalidDnException;
import org.apache.directory.api.ldap.model.name.Dn;

/**
 * Checks a user name and password against the demo directory and reads the user's attributes and groups:
 * {@link DirectoryAuthenticator} over LDAP, as IdPs do, or {@link EmbeddedPasswordCheck} in process.
 */
interface PasswordCheck extends AutoCloseable {
    /** The longest user name sent to the directory; longer names are refused. */
    int MAX_USER_NAME_LENGTH = 256;

    /**
     * The user, or empty when the name or password is wrong.
     *
     * @throws IOException when the directory cannot be reached or answers with an unexpected error
     */
    Optional<DirectoryUser> authenticate(String user, char[] password) throws IOException;

    /** Releases what the check holds; later calls fail with an IOException. Idempotent. */
    @Override
    void close();

    /**
     * The DN to bind as, or empty for a login refused before any directory traffic: an empty name or password (an
     * empty-password simple bind is an anonymous bind in LDAP, RFC 4513 5.1.2), a name longer than
     * {@value #MAX_USER_NAME_LENGTH} characters, or one that makes no DN.
     */
    static Optional<Dn> bindDn(String user, char[] password) {
        if (user.isEmpty() || user.length() > MAX_USER_NAME_LENGTH || password.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(DirectoryAuthenticator.userDn(user));
        } catch (LdapInvalidDnException e) {
            return Optional.empty();
        }
    }

    /** The password's UTF-8 bytes; the caller zeroes them after use (no other copy is left behind). */
    static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
