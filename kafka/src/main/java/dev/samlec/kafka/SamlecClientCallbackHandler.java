package dev.samlec.kafka;

import dev.samlec.sasl.IdpCallback;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SubjectAccess;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;

/**
 * The Kafka client's SAML20EC callback handler ({@code sasl.client.callback.handler.class}). Its main job is the
 * start-up check: {@link #configure} fails when the mechanism is not {@code SAML20EC} or when
 * {@code sasl.jaas.config} is not a {@code dev.samlec.jaas.SamlecLoginModule} initiator entry, so a wrong setup
 * stops the client before it connects.
 *
 * <p>The mechanism itself takes the IdP and credentials from the login Subject that the module filled (every
 * connection and every re-authentication, without a prompt), and asks this handler only when that Subject holds no
 * live credential. The handler then answers {@link IdpCallback} from the same Subject and otherwise refuses clearly:
 * it never asks for a user name or password, which a Kafka client could not answer anyway.
 */
public final class SamlecClientCallbackHandler implements AuthenticateCallbackHandler {
    /** Public for Kafka, which instantiates it by class name. */
    public SamlecClientCallbackHandler() {
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        KafkaSetupChecks.requireSaml20Ec(saslMechanism, SaslConfigs.SASL_MECHANISM);
        KafkaSetupChecks.requireSamlecLogin(jaasConfigEntries, true);
        KafkaSetupChecks.requireBearerOnly(jaasConfigEntries);
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof IdpCallback idps) {
                idps.setIdps(credential().idps());
            } else {
                throw new UnsupportedCallbackException(callback, "the SAML20EC client takes its IdP and credentials"
                        + " from the login Subject only; " + callback.getClass().getSimpleName() + " is not answered");
            }
        }
    }

    /** The newest live samlec credential of the Subject the mechanism runs as. */
    private static SamlecCredential credential() throws IOException {
        Subject subject = SubjectAccess.current().orElseThrow(() -> new IOException("the SAML20EC client runs"
                + " without a Subject; Kafka should run it as the Subject of its sasl.jaas.config login"));
        return SamlecCredential.newestIn(subject).orElseThrow(() -> new IOException("the Kafka login Subject holds"
                + " no live samlec credential: sasl.jaas.config must be a dev.samlec.jaas.SamlecLoginModule"
                + " initiator entry, and the login must not have been logged out"));
    }

    @Override
    public void close() {
    }
}
