package dev.samlec.sasl;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.Objects;
import javax.security.sasl.SaslException;

/**
 * A SAML20EC failure: a {@link SaslException} whose message starts with the stable error code
 * ({@code channel_binding_mismatch: ...}) and which exposes that code as {@link #error()}. Messages never carry
 * assertion content or secrets; on the server side they may reach the unauthenticated client.
 */
public final class SamlecSaslException extends SaslException {
    private static final long serialVersionUID = 1L;
    private final EcpError error;

    /** A failure with this code and message. */
    public SamlecSaslException(EcpError error, String message) {
        super(Objects.requireNonNull(error, "error").code() + ": " + message);
        this.error = error;
    }

    /** Wraps an engine failure, keeping its code and message. */
    public SamlecSaslException(EcpException cause) {
        super(cause.describe(), cause);
        this.error = cause.error();
    }

    /** The stable error code. */
    public EcpError error() {
        return error;
    }
}
