package dev.samlec.kafka;

import static dev.samlec.sasl.AuditValue.quote;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SAML20EC server as Kafka needs it: Kafka sends the client the message of a {@link SaslAuthenticationException}
 * but replaces that of any other {@link SaslException} with a generic text. A refused login is rethrown as Kafka's
 * exception carrying only the stable error code (and, when the client refused, the code the client reported), for
 * example {@code SAML20EC login refused: client_soap_fault (the client reported idp_authentication_failed)}. The
 * full message, which may name the user, the issuer or the attribute, goes to the broker's log only.
 *
 * <p>Each login that ends here is one INFO line on this class's logger, in the format of the LDAP server's
 * ({@code dev.samlec.apacheds.audit}), never with the assertion or a secret:
 * <pre>
 * SAML20EC login accepted: nameId="alice" issuer="https://idp.example.org" service="kafka@broker1.example.org" user="User:alice"
 * SAML20EC login refused: code=invalid_signature nameId=- issuer=- service="kafka@broker1.example.org" reason="..."
 * </pre>
 * {@code service} is {@code kafka@} and the host name Kafka hands the SASL server. Kafka does not give the SASL
 * server the client's address; its own authenticator logs it ({@code Failed authentication with /192.0.2.7}).
 * A client that refuses the broker's request itself closes the connection and leaves no line here.
 */
final class KafkaSaml20EcServer implements SaslServer {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSaml20EcServer.class);
    /** The fault string samlec's client sends: {@code samlec client: <code>}. */
    private static final Pattern CLIENT_CODE = Pattern.compile("samlec client: ([a-z_]{1,40})'");
    private final SaslServer delegate;
    private final String service;

    KafkaSaml20EcServer(SaslServer delegate, String service) {
        this.delegate = delegate;
        this.service = service;
    }

    @Override
    public String getMechanismName() {
        return delegate.getMechanismName();
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        byte[] reply;
        try {
            reply = delegate.evaluateResponse(response);
        } catch (SamlecSaslException e) {
            LOG.info("{} login refused: code={} nameId=- issuer=- service={} reason={}", getMechanismName(),
                    e.error().code(), quote(service), quote(e.getMessage()));
            throw new SaslAuthenticationException(clientMessage(getMechanismName(), e), e);
        }
        if (delegate.isComplete()) {
            SamlIdentity identity = (SamlIdentity) delegate.getNegotiatedProperty(SamlecSasl.IDENTITY);
            LOG.info("{} login accepted: nameId={} issuer={} service={} user={}", getMechanismName(),
                    quote(identity.nameId().value()), quote(identity.issuer()), quote(service),
                    quote("User:" + delegate.getAuthorizationID()));
        }
        return reply;
    }

    /** The text the unauthenticated client receives: error codes only. */
    static String clientMessage(String mechanism, SamlecSaslException e) {
        String text = mechanism + " login refused: " + e.error().code();
        if (e.error() == EcpError.CLIENT_SOAP_FAULT) {
            Matcher reported = CLIENT_CODE.matcher(String.valueOf(e.getMessage()));
            if (reported.find() && Arrays.stream(EcpError.values()).anyMatch(c -> c.code().equals(reported.group(1)))) {
                text += " (the client reported " + reported.group(1) + ")";
            }
        }
        return text;
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
