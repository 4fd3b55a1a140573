package dev.samlec.kafka;

import dev.samlec.sasl.SamlecSasl;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;

/**
 * samlec's SAML20EC client factory, asking its clients to throw when the IdP cannot be reached
 * ({@link SamlecSasl#IDP_UNAVAILABLE_THROWS}) and wrapping each in a {@link KafkaSaml20EcClient}, which turns that
 * into the failure Kafka retries.
 */
final class KafkaClientFactory implements SaslClientFactory {
    private final SaslClientFactory samlec;

    KafkaClientFactory(SaslClientFactory samlec) {
        this.samlec = samlec;
    }

    @Override
    public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol,
            String serverName, Map<String, ?> props, CallbackHandler handler) throws SaslException {
        Map<String, Object> withThrow = props == null ? new HashMap<>() : new HashMap<>(props);
        withThrow.putIfAbsent(SamlecSasl.IDP_UNAVAILABLE_THROWS, "true");
        SaslClient client = samlec.createSaslClient(mechanisms, authorizationId, protocol, serverName, withThrow,
                handler);
        return client == null ? null : new KafkaSaml20EcClient(client, serverName);
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        return samlec.getMechanismNames(props);
    }
}
