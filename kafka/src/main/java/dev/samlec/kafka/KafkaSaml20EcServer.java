package dev.samlec.kafka;

import dev.samlec.sasl.SamlecSaslException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * A SAML20EC server as Kafka needs it: Kafka sends the client the message of a {@link SaslAuthenticationException}
 * but replaces that of any other {@link SaslException} with a generic text. samlec's messages carry a stable error
 * code and are written to be safe for the unauthenticated client (no assertion content, no secrets), so a refused
 * login is rethrown as Kafka's exception and the client sees, for example,
 * {@code SAML20EC login refused: client_soap_fault: ... 'samlec client: idp_authentication_failed'}.
 */
final class KafkaSaml20EcServer implements SaslServer {
    private final SaslServer delegate;

    KafkaSaml20EcServer(SaslServer delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getMechanismName() {
        return delegate.getMechanismName();
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        try {
            return delegate.evaluateResponse(response);
        } catch (SamlecSaslException e) {
            throw new SaslAuthenticationException(getMechanismName() + " login refused: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isComplete() {
        return delegate.isComplete();
    }

    @Override
    public String getAuthorizationID() {
        return delegate.getAuthorizationID();
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
        return delegate.unwrap(incoming, offset, len);
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
        return delegate.wrap(outgoing, offset, len);
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        return delegate.getNegotiatedProperty(propName);
    }

    @Override
    public void dispose() throws SaslException {
        delegate.dispose();
    }
}
