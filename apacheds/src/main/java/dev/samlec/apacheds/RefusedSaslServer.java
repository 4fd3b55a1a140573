package dev.samlec.apacheds;

import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * A SaslServer that refuses the first message with a prepared error. ApacheDS answers an exception thrown by
 * {@code MechanismHandler.handleMechanism} with result "other" and a stack trace in the diagnostic message; an
 * exception from {@code evaluateResponse} instead becomes invalidCredentials with just the error's message.
 */
final class RefusedSaslServer implements SaslServer {
    private final String mechanism;
    private final SaslException error;

    RefusedSaslServer(String mechanism, SaslException error) {
        this.mechanism = mechanism;
        this.error = error;
    }

    @Override
    public String getMechanismName() {
        return mechanism;
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        throw error;
    }

    @Override
    public boolean isComplete() {
        return false;
    }

    @Override
    public String getAuthorizationID() {
        throw new IllegalStateException(mechanism + " was refused");
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException(mechanism + " was refused");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException(mechanism + " was refused");
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        throw new IllegalStateException(mechanism + " was refused");
    }

    @Override
    public void dispose() {
        // nothing held
    }
}
