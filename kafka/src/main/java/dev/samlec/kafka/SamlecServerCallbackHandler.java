package dev.samlec.kafka;

import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.AuthorizeCallback;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's SAML20EC callback handler
 * ({@code listener.name.<listener>.saml20ec.sasl.server.callback.handler.class}). The mechanism has already
 * validated the assertion with the acceptor settings that the listener's {@code sasl.jaas.config}
 * ({@code dev.samlec.jaas.SamlecLoginModule required isInitiator=false ...}) loaded; this handler decides who the
 * client is for Kafka. The name is the assertion's NameID, or the single value of the acceptor's
 * {@code principalAttribute} (for example {@code uid} or {@code mail}); Kafka's principal builder then makes it
 * {@code User:<name>}, the principal that ACLs name. A client may only act as itself: a SASL authorization ID
 * naming anyone else is refused, and so are names Kafka must not get (blank, control characters,
 * {@code ANONYMOUS}).
 *
 * <p>{@link #configure} fails at broker start-up when the mechanism is not {@code SAML20EC} or when the listener's
 * JAAS entry is not a {@code SamlecLoginModule} acceptor.
 */
public final class SamlecServerCallbackHandler implements AuthenticateCallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SamlecServerCallbackHandler.class);

    /** Public for Kafka, which instantiates it by class name. */
    public SamlecServerCallbackHandler() {
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        KafkaSetupChecks.requireSaml20Ec(saslMechanism, "sasl.enabled.mechanisms");
        KafkaSetupChecks.requireSamlecLogin(jaasConfigEntries, false);
        KafkaSetupChecks.requireBearerOnly(jaasConfigEntries);
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof AuthorizeCallback authorize) {
                authorize(authorize);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private static void authorize(AuthorizeCallback callback) {
        String name = callback.getAuthenticationID();
        if (!name.equals(callback.getAuthorizationID())) {
            LOG.warn("SAML20EC: refused '{}' acting as '{}': Kafka clients may only act as themselves",
                    printable(name), printable(callback.getAuthorizationID()));
            callback.setAuthorized(false);
            return;
        }
        if (!usableKafkaName(name)) {
            LOG.warn("SAML20EC: refused the name '{}': blank, with control characters, or Kafka's {}",
                    printable(name), KafkaPrincipal.ANONYMOUS.getName());
            callback.setAuthorized(false);
            return;
        }
        callback.setAuthorized(true);
        callback.setAuthorizedID(name);
    }

    /**
     * Whether Kafka may use {@code name} as {@code User:<name>}: not blank, no control characters (log forging),
     * and not {@code ANONYMOUS}, the principal of unauthenticated listeners that brokers often make a super user.
     */
    static boolean usableKafkaName(String name) {
        return !name.isBlank() && name.chars().noneMatch(Character::isISOControl)
                && !name.equals(KafkaPrincipal.ANONYMOUS.getName());
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void close() {
    }
}
