package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.TlsChannelBinding;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SAML20EC / SAML20EC-PLUS server: initial response, challenge, response, outcome (draft section 4).
 *
 * <pre>
 * AWAIT_INITIAL_RESPONSE --empty (protocol without initial response)--&gt; AWAIT_INITIAL_RESPONSE (once), sends ""
 * AWAIT_INITIAL_RESPONSE --initresp--&gt; AWAIT_RESPONSE, sends the PAOS challenge
 * AWAIT_RESPONSE --PAOS response, valid and authorized--&gt; COMPLETE, sends nothing (null)
 * any --failure--&gt; FAILED;  COMPLETE or FAILED --any input--&gt; error
 * </pre>
 *
 * Every failure is a {@link SamlecSaslException} carrying the stable code; its message may reach the client and
 * never holds assertion content. There is no security layer.
 */
final class Saml20EcServer implements SaslServer {
    private static final Logger LOG = LoggerFactory.getLogger(Saml20EcServer.class);

    private enum State { AWAIT_INITIAL_RESPONSE, AWAIT_RESPONSE, COMPLETE, FAILED }

    private final String mechanism;
    private final SamlecAcceptor acceptor;
    private final List<TlsChannelBinding> bindings;
    private final ServerAuthorization authorization;
    private final Optional<X509Certificate> clientCertificate;
    private State state = State.AWAIT_INITIAL_RESPONSE;
    private boolean emptyChallengeSent;
    private ServerExchange exchange;
    private SamlIdentity identity;
    private String authorizationId;

    /** {@code clientCertificate}: the application connection's TLS client certificate, for holder-of-key. */
    Saml20EcServer(String mechanism, SamlecAcceptor acceptor, List<TlsChannelBinding> bindings,
            CallbackHandler handler, Optional<X509Certificate> clientCertificate) {
        this.clientCertificate = clientCertificate;
        this.mechanism = mechanism;
        this.acceptor = acceptor;
        this.bindings = List.copyOf(bindings);
        this.authorization = new ServerAuthorization(handler, acceptor.principalAttribute(),
                acceptor.provider().settings().idpTrust());
    }

    @Override
    public String getMechanismName() {
        return mechanism;
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        if (response == null) {
            throw fail(new EcpException(EcpError.MALFORMED_MESSAGE, "the client's SASL message is null"));
        }
        try {
            switch (state) {
                case AWAIT_INITIAL_RESPONSE:
                    if (response.length == 0 && !emptyChallengeSent) {
                        emptyChallengeSent = true;
                        return new byte[0];
                    }
                    byte[] challenge = challenge(response);
                    setState(State.AWAIT_RESPONSE);
                    return challenge;
                case AWAIT_RESPONSE:
                    checkLength(response);
                    SamlIdentity accepted = exchange.accept(response);
                    authorizationId = authorization.authorize(accepted, exchange.initial().authzid());
                    identity = accepted;
                    setState(State.COMPLETE);
                    LOG.debug("{} login of {} accepted, authorized as {}", mechanism, accepted.nameId().value(),
                            authorizationId);
                    return null;
                default:
                    throw new EcpException(EcpError.MECHANISM_STATE, "the " + mechanism + " exchange is already "
                            + (state == State.COMPLETE ? "complete" : "failed") + "; no further message is accepted");
            }
        } catch (EcpException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) {
            // Whatever a peer's bytes trigger, the exchange ends here for good, with a code and one log line.
            LOG.warn("{} server failed unexpectedly: {}", mechanism, e.toString());
            throw fail(new EcpException(EcpError.INTERNAL_ERROR, "the " + mechanism + " server failed unexpectedly ("
                    + e.getClass().getSimpleName() + ")", e));
        }
    }

    private byte[] challenge(byte[] message) throws EcpException {
        InitialResponse initial = InitialResponse.parse(message);
        HolderOfKeyRules.check(initial, acceptor.provider().settings().confirmationMethods(), clientCertificate);
        exchange = new ServerExchange(acceptor, initial,
                ChannelBindingRules.negotiate(mechanism, initial, bindings), clientCertificate);
        return exchange.challenge();
    }

    private void checkLength(byte[] message) throws EcpException {
        int max = acceptor.parser().maxBytes();
        if (message.length > max) {
            throw new EcpException(EcpError.MESSAGE_TOO_LARGE, "the client's response is " + message.length
                    + " bytes; at most " + max + " are accepted");
        }
    }

    /** Moves to FAILED unless the exchange had already ended: COMPLETE and FAILED are terminal. */
    private SaslException fail(EcpException e) {
        if (state != State.COMPLETE && state != State.FAILED) {
            LOG.debug("{} exchange failed: {}", mechanism, e.describe());
            setState(State.FAILED);
            if (exchange != null) {
                exchange.dispose();
            }
            exchange = null;
        }
        return new SamlecSaslException(e);
    }

    private void setState(State next) {
        LOG.debug("{} server: {} -> {}", mechanism, state, next);
        state = next;
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    @Override
    public String getAuthorizationID() {
        requireComplete();
        return authorizationId;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException(mechanism + " has no security layer (QOP auth only)");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException(mechanism + " has no security layer (QOP auth only)");
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        requireComplete();
        if (Sasl.QOP.equals(propName)) {
            return "auth";
        }
        if (SamlecSasl.IDENTITY.equals(propName)) {
            return identity;
        }
        if (SamlecSasl.SESSION_KEY.equals(propName)) {
            return exchange == null ? null : exchange.sessionKey().orElse(null);
        }
        return null;
    }

    private void requireComplete() {
        if (state != State.COMPLETE) {
            throw new IllegalStateException("the " + mechanism + " exchange has not completed");
        }
    }

    @Override
    public void dispose() {
        if (exchange != null) {
            exchange.dispose();
        }
        exchange = null;
        if (state != State.COMPLETE) {
            state = State.FAILED; // a disposed exchange accepts nothing more
        }
    }
}
