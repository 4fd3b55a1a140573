package dev.samlec.sasl.internal;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SAML20EC / SAML20EC-PLUS client (draft section 4): it sends the GS2 initial response, relays the server's
 * challenge to its IdP, and answers with the IdP's Response; when it must not, it throws its reason (see
 * {@link ClientExchange} for why no SOAP fault is sent).
 *
 * <pre>
 * INITIAL_RESPONSE --"" (initial response, or the server's empty first challenge)--&gt; AWAIT_CHALLENGE, sends initresp
 * AWAIT_CHALLENGE --PAOS challenge, relayed--&gt; COMPLETE, sends the PAOS response
 * AWAIT_CHALLENGE --challenge refused (another service name, IdP failure...)--&gt; FAILED, throws the reason
 * any --unreadable input--&gt; FAILED, throws;  COMPLETE or FAILED --any input--&gt; throws
 * </pre>
 *
 * After {@code COMPLETE} the application protocol reports the outcome; the mechanism defines no further data.
 */
final class Saml20EcClient implements SaslClient {
    private static final Logger LOG = LoggerFactory.getLogger(Saml20EcClient.class);

    private enum State { INITIAL_RESPONSE, AWAIT_CHALLENGE, COMPLETE, FAILED }

    private final String mechanism;
    private final InitialResponse initial;
    private final ClientExchange exchange;
    private State state = State.INITIAL_RESPONSE;
    private EcpException failure;

    Saml20EcClient(String mechanism, InitialResponse initial, ClientExchange exchange) {
        this.mechanism = mechanism;
        this.initial = initial;
        this.exchange = exchange;
    }

    @Override
    public String getMechanismName() {
        return mechanism;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        byte[] input = challenge == null ? new byte[0] : challenge;
        try {
            switch (state) {
                case INITIAL_RESPONSE:
                    if (input.length != 0) {
                        throw new EcpException(EcpError.MECHANISM_STATE, mechanism + " is client-first: the server"
                                + " sent a " + input.length + "-byte challenge before the initial response");
                    }
                    setState(State.AWAIT_CHALLENGE);
                    return initial.toBytes();
                case AWAIT_CHALLENGE:
                    byte[] response = exchange.answer(input);
                    setState(State.COMPLETE);
                    return response;
                case FAILED:
                    throw failure != null ? failure : new EcpException(EcpError.MECHANISM_STATE, "the " + mechanism
                            + " exchange has failed");
                default:
                    throw new EcpException(EcpError.MECHANISM_STATE, "the " + mechanism + " exchange is complete;"
                            + " the server sent " + input.length + " more bytes");
            }
        } catch (EcpException e) {
            throw fail(e);
        } catch (RuntimeException | Error e) {
            // Whatever a peer's bytes trigger, the exchange ends here for good, with a code and one log line.
            LOG.warn("{} client failed unexpectedly: {}", mechanism, e.toString());
            throw fail(new EcpException(EcpError.INTERNAL_ERROR, "the " + mechanism + " client failed unexpectedly ("
                    + e.getClass().getSimpleName() + ")", e));
        }
    }

    /** Records the failure unless the exchange had already ended: COMPLETE and FAILED are terminal. */
    private SamlecSaslException fail(EcpException e) {
        if (state != State.COMPLETE && state != State.FAILED) {
            failure = e;
            setState(State.FAILED);
        }
        return new SamlecSaslException(e);
    }

    private void setState(State next) {
        if (state != next) {
            LOG.debug("{} client: {} -> {}", mechanism, state, next);
        }
        state = next;
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
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
        if (state != State.COMPLETE) {
            throw new IllegalStateException("the " + mechanism + " exchange has not completed");
        }
        if (Sasl.QOP.equals(propName)) {
            return "auth";
        }
        return SamlecSasl.SESSION_KEY.equals(propName) ? exchange.sessionKey().orElse(null) : null;
    }

    @Override
    public void dispose() {
        exchange.dispose();
    }
}
