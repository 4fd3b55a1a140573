package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.kerberos.EncryptionKey;

/**
 * The session key of a SAML20EC exchange (draft section 5.3): both sides run the chosen enctype's RFC 3961
 * random-to-key over the {@code samlec:GeneratedKey} bytes. For the AES enctypes (RFC 3962 section 6) random-to-key
 * is the identity on exactly the key size: 16 octets for 17 (aes128-cts-hmac-sha1-96), 32 for 18
 * (aes256-cts-hmac-sha1-96). Key material of any other length is refused, never truncated or padded, so a client
 * and a server can never end with different keys from one GeneratedKey.
 */
final class SessionKeys {
    /** Key length in bytes of each enctype this mechanism can derive, in the order a client prefers them. */
    private static final Map<Integer, Integer> KEY_BYTES = Map.of(17, 16, 18, 32);
    /** The enctypes a client may choose (RFC 3961 aes128/aes256-cts-hmac-sha1-96); 17 is mandatory. */
    static final List<Integer> KNOWN_ENCTYPES = List.of(17, 18);

    private SessionKeys() {
    }

    /** Whether random-to-key of {@code encType} accepts {@code length} bytes. */
    static boolean fits(int encType, int length) {
        Integer size = KEY_BYTES.get(encType);
        return size != null && size == length;
    }

    /**
     * The first of {@code offered} this mechanism knows whose key length is {@code length}; empty if none.
     */
    static Optional<Integer> firstFitting(List<Integer> offered, int length) {
        return offered.stream().filter(e -> fits(e, length)).findFirst();
    }

    /**
     * random-to-key of {@code encType} over {@code material} (not kept; the caller wipes it).
     *
     * @throws EcpException {@code SESSION_KEY_MISMATCH} if the enctype is unknown or the length does not fit
     */
    static EncryptionKey derive(int encType, byte[] material) throws EcpException {
        if (!fits(encType, material.length)) {
            Integer size = KEY_BYTES.get(encType);
            throw new EcpException(EcpError.SESSION_KEY_MISMATCH, "the identity provider's generated key has "
                    + material.length + " bytes, but the chosen session key type " + encType + " needs "
                    + (size == null ? "a type this mechanism does not know (17 or 18)" : size + " bytes")
                    + "; the key is neither truncated nor padded");
        }
        byte[] key = material.clone();
        try {
            return new EncryptionKey(key, encType);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Destroys {@code key} if there is one; a key already destroyed is left alone. */
    static void destroy(EncryptionKey key) {
        if (key != null && !key.isDestroyed()) {
            try {
                key.destroy();
            } catch (DestroyFailedException e) {
                // EncryptionKey wipes its own copy and does not throw; nothing else to do
            }
        }
    }
}
