package dev.samlec.kafka;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.sasl.SamlecSaslException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.ietf.jgss.GSSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * samlec's SAML20EC client for Kafka: when the IdP could not judge the credential at all (connection refused, unknown
 * host, HTTP 503: {@link IdpClient#credentialNotJudged}, after the IdP client's own short retry) the connection fails
 * the way Kafka retries, not as a refused login. A timeout or a reset connection (the IdP may have counted the
 * attempt) stays fatal, so that a throttling IdP is not asked again by every reconnect.
 *
 * <p>Kafka's {@code SaslClientAuthenticator} turns every exception from the mechanism into a fatal
 * {@code SaslAuthenticationException} (the producer fails its records, the consumer's poll throws) except one: a
 * {@code SaslException} whose cause is a {@code GSSException} with major code {@code NO_CRED}, Kerberos's "no
 * credentials yet", which it rethrows as a {@code SaslException} ("Kafka Client will retry"). A
 * {@code SaslException} is an {@code IOException}, so Kafka closes the connection as a network failure and
 * reconnects after {@code reconnect.backoff.ms}: records wait in the producer (up to {@code delivery.timeout.ms})
 * and the consumer keeps polling. So that is what this client throws for an unreachable IdP. A refused credential
 * and every other failure are thrown as they are and are fatal, with their code.
 *
 * <p>One WARN line per outage (the first failed connection), one INFO line when the IdP answers again.
 */
final class KafkaSaml20EcClient implements SaslClient {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSaml20EcClient.class);
    /** Whether the last connection of this JVM found the IdP unreachable (one WARN per outage, not per retry). */
    private static final AtomicBoolean OUTAGE = new AtomicBoolean();

    private final SaslClient samlec;
    private final String serverName;

    KafkaSaml20EcClient(SaslClient samlec, String serverName) {
        this.samlec = samlec;
        this.serverName = serverName;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        try {
            byte[] answer = samlec.evaluateChallenge(challenge);
            if (samlec.isComplete() && OUTAGE.compareAndSet(true, false)) {
                LOG.info("SAML20EC: the identity provider answers again; Kafka connections log in again");
            }
            return answer;
        } catch (SamlecSaslException e) {
            if (!(e.getCause() instanceof EcpException cause) || !IdpClient.credentialNotJudged(cause)) {
                throw e;
            }
            String what = "SAML20EC: " + e.getMessage() + "; this connection to " + serverName + " cannot log in"
                    + " now. Kafka closes it and connects again after reconnect.backoff.ms (every new connection and"
                    + " re-authentication needs the identity provider); producer records wait up to"
                    + " delivery.timeout.ms";
            if (OUTAGE.compareAndSet(false, true)) {
                LOG.warn(what);
            } else {
                LOG.debug(what);
            }
            GSSException retriable = new GSSException(GSSException.NO_CRED, 0, "samlec: " + e.error().code()
                    + " (no assertion from the identity provider yet)");
            retriable.initCause(e);
            throw new SaslException(what, retriable);
        }
    }

    @Override
    public String getMechanismName() {
        return samlec.getMechanismName();
    }

    @Override
    public boolean hasInitialResponse() {
        return samlec.hasInitialResponse();
    }

    @Override
    public boolean isComplete() {
        return samlec.isComplete();
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
        return samlec.unwrap(incoming, offset, len);
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
        return samlec.wrap(outgoing, offset, len);
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        return samlec.getNegotiatedProperty(propName);
    }

    @Override
    public void dispose() throws SaslException {
        samlec.dispose();
    }
}
