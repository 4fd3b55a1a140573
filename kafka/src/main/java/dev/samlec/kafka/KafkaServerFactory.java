package dev.samlec.kafka;

import dev.samlec.sasl.SamlecSasl;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;

/**
 * samlec's SAML20EC server factory, with each server that Kafka creates wrapped in a {@link KafkaSaml20EcServer}.
 * Kafka always passes its {@link AuthenticateCallbackHandler}; any other caller in the same JVM (an ApacheDS server
 * beside a broker, say) gets samlec's own server, whose failures are plain {@code SaslException}s.
 */
final class KafkaServerFactory implements SaslServerFactory {
    private final SaslServerFactory samlec;

    KafkaServerFactory(SaslServerFactory samlec) {
        this.samlec = samlec;
    }

    @Override
    public SaslServer createSaslServer(String mechanism, String protocol, String serverName, Map<String, ?> props,
            CallbackHandler handler) throws SaslException {
        if (!SamlecSasl.SAML20EC.equals(mechanism)) {
            return null;
        }
        SaslServer server = samlec.createSaslServer(mechanism, protocol, serverName, props, handler);
        if (server == null || !(handler instanceof AuthenticateCallbackHandler)) {
            return server;
        }
        return new KafkaSaml20EcServer(server, protocol + "@" + serverName);
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        for (String name : samlec.getMechanismNames(props)) {
            if (SamlecSasl.SAML20EC.equals(name)) {
                return new String[] {SamlecSasl.SAML20EC};
            }
        }
        return new String[0];
    }
}
