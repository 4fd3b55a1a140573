package dev.samlec.kafka;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.Login;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's login for the SAML20EC client ({@code sasl.login.class}): logs in with the {@code sasl.jaas.config} entry
 * as Kafka's default login does, and logs out when Kafka releases the login (the last client using that
 * configuration has closed), so that {@code SamlecLoginModule} destroys the stored IdP credential and its password
 * copy instead of leaving them to the garbage collector. Kafka's default login never logs out.
 */
public final class SamlecKafkaLogin implements Login {
    private static final Logger LOG = LoggerFactory.getLogger(SamlecKafkaLogin.class);

    private String contextName;
    private Configuration configuration;
    private AuthenticateCallbackHandler callbackHandler;
    private LoginContext loginContext;

    /** Public for Kafka, which instantiates it by class name. */
    public SamlecKafkaLogin() {
    }

    @Override
    public void configure(Map<String, ?> configs, String contextName, Configuration configuration,
            AuthenticateCallbackHandler loginCallbackHandler) {
        this.contextName = contextName;
        this.configuration = configuration;
        this.callbackHandler = loginCallbackHandler;
    }

    @Override
    public LoginContext login() throws LoginException {
        LoginContext context = new LoginContext(contextName, null, callbackHandler, configuration);
        context.login();
        loginContext = context;
        return context;
    }

    @Override
    public Subject subject() {
        return loginContext == null ? null : loginContext.getSubject();
    }

    /** {@code kafka}, as Kafka's default login: the protocol part of the SAML20EC service name. */
    @Override
    public String serviceName() {
        return "kafka";
    }

    /** Logs out, destroying the credentials the login module put into the Subject. */
    @Override
    public void close() {
        if (loginContext == null) {
            return;
        }
        try {
            loginContext.logout();
        } catch (LoginException e) {
            LOG.warn("SAML20EC: the Kafka login could not be logged out: {}", e.getMessage());
        }
        loginContext = null;
    }
}
