package dev.samlec.examples;

import java.security.Security;

/**
 * The Kafka example installs samlec's Kafka provider ({@code security.providers}) JVM-wide, ahead of the plain
 * SASL provider; in the same test JVM ApacheDS's {@code Sasl.createSaslServer("SAML20EC", ...)} would then get
 * Kafka's server, which refuses by throwing Kafka's exception and ApacheDS drops the connection instead of answering
 * 49. LDAP tests remove it first so that their outcome does not depend on test order.
 */
final class KafkaProviderLeftover {
    private KafkaProviderLeftover() {
    }

    static void remove() {
        Security.removeProvider("samlec-kafka");
    }
}
