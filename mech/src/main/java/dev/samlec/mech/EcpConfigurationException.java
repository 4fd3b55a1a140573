package dev.samlec.mech;

/**
 * samlec is set up in a way that cannot work (a missing key, unreadable metadata, an illegal option combination).
 *
 * <p>Kept apart from {@link EcpException}'s other failures so that applications can fail at start-up rather than
 * at the first login.
 */
public class EcpConfigurationException extends EcpException {
    private static final long serialVersionUID = 1L;

    /** A configuration failure; {@code error} is normally {@link EcpError#INVALID_CONFIGURATION} or a metadata code. */
    public EcpConfigurationException(EcpError error, String message) {
        super(error, message);
    }

    /** A configuration failure with its cause. */
    public EcpConfigurationException(EcpError error, String message, Throwable cause) {
        super(error, message, cause);
    }

    /** An {@link EcpError#INVALID_CONFIGURATION} failure. */
    public EcpConfigurationException(String message) {
        super(EcpError.INVALID_CONFIGURATION, message);
    }
}
