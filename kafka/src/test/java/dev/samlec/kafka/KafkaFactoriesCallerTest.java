package dev.samlec.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The Kafka provider is JVM-wide once {@code security.providers} names it: only Kafka's own callers (which always
 * pass an {@code AuthenticateCallbackHandler}) get the Kafka wrappers; an ApacheDS server or a JNDI client in the
 * same JVM gets samlec's own mechanism, so a refused LDAP bind is still LDAP result 49 and not Kafka's exception.
 */
class KafkaFactoriesCallerTest {
    private static final CallbackHandler OTHER_HANDLER = (Callback[] callbacks) -> { };

    @Test
    void serverFactoryWrapsOnlyForKafkasCallbackHandler() throws Exception {
        SaslServer samlec = Mockito.mock(SaslServer.class);
        SaslServerFactory inner = Mockito.mock(SaslServerFactory.class);
        Mockito.when(inner.createSaslServer(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any()))
                .thenReturn(samlec);
        KafkaServerFactory factory = new KafkaServerFactory(inner);

        assertThat(factory.createSaslServer("SAML20EC", "ldap", "localhost", Map.of(), OTHER_HANDLER))
                .isSameAs(samlec);
        assertThat(factory.createSaslServer("SAML20EC", "kafka", "localhost", Map.of(),
                new SamlecServerCallbackHandler())).isInstanceOf(KafkaSaml20EcServer.class);
    }

    @Test
    void clientFactoryWrapsOnlyForKafkasCallbackHandler() throws Exception {
        SaslClient samlec = Mockito.mock(SaslClient.class);
        SaslClientFactory inner = Mockito.mock(SaslClientFactory.class);
        Mockito.when(inner.createSaslClient(Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(), Mockito.any(),
                Mockito.any())).thenReturn(samlec);
        KafkaClientFactory factory = new KafkaClientFactory(inner);

        assertThat(factory.createSaslClient(new String[] {"SAML20EC"}, null, "ldap", "localhost", Map.of(),
                OTHER_HANDLER)).isSameAs(samlec);
        assertThat(factory.createSaslClient(new String[] {"SAML20EC"}, null, "kafka", "localhost", Map.of(),
                new SamlecClientCallbackHandler())).isInstanceOf(KafkaSaml20EcClient.class);
    }
}
