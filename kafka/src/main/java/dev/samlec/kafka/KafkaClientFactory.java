package dev.samlec.kafka;

import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;

/**
 * samlec's SAML20EC client factory wrapping each client in a {@link KafkaSaml20EcClient}, which turns a thrown
 * {@code idp_unreachable} or {@code idp_timeout} into the failure Kafka retries. Only clients Kafka creates (with
 * its {@link AuthenticateCallbackHandler}) are wrapped; other callers in the same JVM get samlec's own client.
 */
final class KafkaClientFactory implements SaslClientFactory {
    private final SaslClientFactory samlec;

    KafkaClientFactory(SaslClientFactory samlec) {
        this.samlec = samlec;
    }

    @Override
    public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol,
            String serverName, Map<String, ?> props, CallbackHandler handler) throws SaslException {
        SaslClient client = samlec.createSaslClient(mechanisms, authorizationId, protocol, serverName, props,
                handler);
        if (client == null || !(handler instanceof AuthenticateCallbackHandler)) {
            return client;
        }
        return new KafkaSaml20EcClient(client, serverName);
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        return samlec.getMechanismNames(props);
    }
}
