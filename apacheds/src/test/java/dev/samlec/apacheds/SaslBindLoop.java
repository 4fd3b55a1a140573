package dev.samlec.apacheds;

import java.util.Map;
import java.util.function.Consumer;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import org.apache.directory.api.ldap.model.message.BindRequest;
import org.apache.directory.api.ldap.model.message.BindRequestImpl;
import org.apache.directory.api.ldap.model.message.BindResponse;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.ldap.client.api.LdapConnection;

/**
 * A SASL bind through the Apache Directory LDAP API with a SaslClient the caller configures (the API's own
 * {@code bind(SaslRequest)} cannot pass SASL properties such as samlec's channel binding): generic BindRequests
 * carrying the mechanism and the client's messages, until the server stops answering saslBindInProgress.
 */
final class SaslBindLoop {
    private SaslBindLoop() {
    }

    /** Binds with {@code mechanism}; returns the last BindResponse (SUCCESS, or the failure). */
    static BindResponse bind(LdapConnection connection, String mechanism, String authzid, Map<String, ?> props,
            CallbackHandler handler) throws Exception {
        return bind(connection, mechanism, authzid, props, handler, client -> { });
    }

    /** As above; {@code beforeDispose} sees the client once the bind has ended, before it is disposed. */
    static BindResponse bind(LdapConnection connection, String mechanism, String authzid, Map<String, ?> props,
            CallbackHandler handler, Consumer<SaslClient> beforeDispose) throws Exception {
        SaslClient client = Sasl.createSaslClient(new String[] {mechanism}, authzid, "ldap", "127.0.0.1", props,
                handler);
        if (client == null) {
            throw new IllegalStateException("no SASL client for " + mechanism + " with these properties");
        }
        try {
            byte[] message = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : null;
            for (int round = 0; round < 10; round++) {
                BindRequest request = new BindRequestImpl().setSimple(false).setSaslMechanism(mechanism)
                        .setName("").setCredentials(message);
                BindResponse response = connection.bind(request);
                if (response.getLdapResult().getResultCode() != ResultCodeEnum.SASL_BIND_IN_PROGRESS) {
                    return response;
                }
                byte[] challenge = response.getServerSaslCreds();
                message = client.evaluateChallenge(challenge == null ? new byte[0] : challenge);
            }
            throw new IllegalStateException("the " + mechanism + " bind did not end within 10 rounds");
        } finally {
            beforeDispose.accept(client);
            client.dispose();
        }
    }
}
