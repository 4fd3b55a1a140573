package dev.samlec.kafka;

import dev.samlec.jaas.SamlecLoginModule;
import dev.samlec.sasl.SamlecSasl;
import java.util.List;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The configuration checks both callback handlers make when Kafka configures them, so that a wrong setup stops the
 * client or broker at start-up with a message naming the setting, not at the first connection.
 *
 * <p>Why there is no {@code SAML20EC-PLUS} on Kafka: Kafka creates a mechanism with
 * {@code Sasl.createSaslClient}/{@code createSaslServer} and passes only its configuration map and the callback
 * handler; neither carries the connection's {@code SSLSession}, so the channel binding data that {@code -PLUS}
 * puts into the signed request cannot be computed on either side (Kafka's own SCRAM offers no {@code -PLUS}
 * variant for the same reason).
 */
final class KafkaSetupChecks {
    /** Why {@code SAML20EC-PLUS} is refused, for messages and documentation. */
    static final String NO_PLUS = SamlecSasl.SAML20EC_PLUS + " cannot be used with Kafka: Kafka gives a SASL"
            + " mechanism neither the TLS session nor its channel binding data, so the binding cannot be computed;"
            + " use " + SamlecSasl.SAML20EC + " on a SASL_SSL listener";

    /** Why holder-of-key is refused (decision D4), for messages and documentation. */
    static final String NO_HOLDER_OF_KEY = "holder-of-key cannot be used with Kafka: Kafka gives a SASL mechanism no"
            + " TLS session, so the client certificate a holder-of-key assertion must match is unknown; leave"
            + " confirmationMethods at bearer and holderOfKey unset";

    private KafkaSetupChecks() {
    }

    /**
     * Refuses an acceptor entry whose {@code confirmationMethods} option names holder-of-key, and an initiator entry
     * with {@code holderOfKey=true}.
     */
    static void requireBearerOnly(List<AppConfigurationEntry> entries) {
        for (AppConfigurationEntry entry : entries == null ? List.<AppConfigurationEntry>of() : entries) {
            Object methods = entry.getOptions().get("confirmationMethods");
            if (methods instanceof String && ((String) methods).contains("holder-of-key")) {
                throw new ConfigException(SaslConfigs.SASL_JAAS_CONFIG, "confirmationMethods=" + methods,
                        NO_HOLDER_OF_KEY);
            }
            Object holderOfKey = entry.getOptions().get("holderOfKey");
            if (holderOfKey instanceof String && !"false".equalsIgnoreCase(((String) holderOfKey).strip())) {
                throw new ConfigException(SaslConfigs.SASL_JAAS_CONFIG, "holderOfKey=" + holderOfKey,
                        NO_HOLDER_OF_KEY);
            }
        }
    }

    /** Refuses any mechanism but SAML20EC, naming the setting that chose it. */
    static void requireSaml20Ec(String mechanism, String setting) {
        if (SamlecSasl.SAML20EC_PLUS.equals(mechanism)) {
            throw new ConfigException(setting, mechanism, NO_PLUS);
        }
        if (!SamlecSasl.SAML20EC.equals(mechanism)) {
            throw new ConfigException(setting, mechanism, "samlec's callback handlers serve only the "
                    + SamlecSasl.SAML20EC + " mechanism; on a broker, set the handler per mechanism"
                    + " (listener.name.<listener>.saml20ec.sasl.server.callback.handler.class), on a client use it"
                    + " with sasl.mechanism=SAML20EC");
        }
    }

    /**
     * Requires the mechanism's JAAS configuration to be a {@link SamlecLoginModule} entry of the given side, since
     * that module puts into the Subject what the mechanism uses.
     */
    static void requireSamlecLogin(List<AppConfigurationEntry> entries, boolean initiator) {
        String expected = SamlecLoginModule.class.getName() + " required" + (initiator ? " ..." : " isInitiator=false"
                + " ...");
        boolean found = entries != null && entries.stream()
                .filter(e -> SamlecLoginModule.class.getName().equals(e.getLoginModuleName()))
                .anyMatch(e -> initiator != "false".equals(e.getOptions().get("isInitiator")));
        if (!found) {
            throw new ConfigException(SaslConfigs.SASL_JAAS_CONFIG, "[hidden]", "the " + SamlecSasl.SAML20EC
                    + " " + (initiator ? "client" : "broker") + " needs a JAAS entry \"" + expected + ";\", which"
                    + (initiator ? " logs the user in at the IdP" : " loads the service's SAML settings"));
        }
    }
}
