package dev.samlec.mech;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The bytes of a {@code samlec:GeneratedKey} (draft-ietf-kitten-sasl-saml-ec-20 section 5.3.1): key material an IdP
 * generated for the client and the service, from which both derive the session key with the chosen enctype's
 * RFC 3961 random-to-key. Secret: never logged, {@link #toString()} shows the length only. Whoever derives the
 * session key from it {@linkplain #destroy() destroys} it, so an identity that carried it no longer does.
 */
public final class GeneratedKeyMaterial implements Destroyable {
    /** The longest key accepted anywhere (base64-decoded): twice an AES-256 key, so no parser holds more. */
    public static final int MAX_BYTES = 64;

    private final byte[] bytes;
    private boolean destroyed;

    /**
     * Key material of 1 to {@value #MAX_BYTES} bytes (copied).
     *
     * @throws IllegalArgumentException if empty or longer
     */
    public GeneratedKeyMaterial(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("a generated key has 1 to " + MAX_BYTES + " bytes, was "
                    + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** The key bytes; a copy, which the caller wipes.
     *
     * @throws IllegalStateException once destroyed
     */
    public synchronized byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("the generated key was destroyed");
        }
        return bytes.clone();
    }

    /** The number of key bytes (also after destruction). */
    public int length() {
        return bytes.length;
    }

    /** Wipes the bytes. */
    @Override
    public synchronized void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "GeneratedKeyMaterial[" + bytes.length + " bytes" + (isDestroyed() ? ", destroyed" : "") + "]";
    }
}
