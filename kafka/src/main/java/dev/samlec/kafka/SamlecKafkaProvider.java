package dev.samlec.kafka;

import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslServerFactory;

/**
 * The {@code samlec-kafka} provider: samlec's SAML20EC client factory wrapped by {@link KafkaClientFactory} so that
 * an unreachable IdP is a failure Kafka retries, and its server factory wrapped by {@link KafkaServerFactory} so
 * that a refused login reaches the Kafka client with its samlec error code.
 */
final class SamlecKafkaProvider extends Provider {
    /** The provider's name. */
    static final String NAME = "samlec-kafka";
    /** The one instance (Kafka may ask for it once per login). */
    static final SamlecKafkaProvider INSTANCE = new SamlecKafkaProvider();
    private static final long serialVersionUID = 1L;
    /** samlec's own provider, never installed: only asked for its factories. */
    private static final SamlecSaslProvider SAMLEC = new SamlecSaslProvider();

    private SamlecKafkaProvider() {
        super(NAME, "1.0", "samlec: the SAML20EC SASL mechanism (RFC 6595) for Kafka clients and brokers");
        putService(new FactoryService(this, "SaslClientFactory"));
        putService(new FactoryService(this, "SaslServerFactory"));
    }

    /** Creates the factory directly, delegating to the samlec provider's own. */
    private static final class FactoryService extends Service {
        FactoryService(Provider provider, String type) {
            super(provider, type, SamlecSasl.SAML20EC, FactoryService.class.getName(), List.of(), Map.of());
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            Object samlec = SAMLEC.getService(getType(), SamlecSasl.SAML20EC).newInstance(null);
            return getType().equals("SaslClientFactory") ? new KafkaClientFactory((SaslClientFactory) samlec)
                    : new KafkaServerFactory((SaslServerFactory) samlec);
        }
    }
}
