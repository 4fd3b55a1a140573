package dev.samlec.kafka;

import java.security.Provider;
import org.apache.kafka.common.security.auth.SecurityProviderCreator;

/**
 * Makes the SAML20EC SASL mechanism available to a Kafka client or broker through configuration alone:
 * {@code security.providers=dev.samlec.kafka.SamlecSecurityProviderCreator}. Kafka inserts the provider into the
 * JVM's list before it creates any {@code SaslClient} or {@code SaslServer}; inserting it again is a no-op.
 *
 * <p>Only {@code SAML20EC} is offered: Kafka gives a SASL mechanism neither the TLS session nor its channel
 * binding data, so {@code SAML20EC-PLUS} cannot work on a Kafka connection (see {@link KafkaSetupChecks}).
 */
public final class SamlecSecurityProviderCreator implements SecurityProviderCreator {
    /** Public for Kafka, which instantiates it by class name. */
    public SamlecSecurityProviderCreator() {
    }

    /** The provider, the same instance every time. */
    @Override
    public Provider getProvider() {
        return SamlecKafkaProvider.INSTANCE;
    }
}
