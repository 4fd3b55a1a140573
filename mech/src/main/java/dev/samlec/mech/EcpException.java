package dev.samlec.mech;

import java.util.Objects;

/**
 * A failed ECP step: a stable {@link EcpError} plus a message a person can act on.
 *
 * <p>The message names the field or setting and what was expected. It never contains passwords, assertion
 * content or full SOAP bodies, so it may be logged and shown to users; only {@link #error()} should cross to an
 * unauthenticated peer.
 */
public class EcpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final EcpError error;

    /** A failure with a code and a message. */
    public EcpException(EcpError error, String message) {
        this(error, message, null);
    }

    /** A failure with a code, a message and the underlying cause (kept for logs, never shown to a peer). */
    public EcpException(EcpError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The stable error code. */
    public EcpError error() {
        return error;
    }

    /** {@code code: message}, the form adapters use when they must fit both in one string. */
    public String describe() {
        return error.code() + ": " + getMessage();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + error.code() + "]: " + getMessage();
    }
}
