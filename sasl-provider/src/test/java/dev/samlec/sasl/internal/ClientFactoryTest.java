package dev.samlec.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.TlsChannelBinding;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.sasl.SaslClient;
import org.junit.jupiter.api.Test;

/** The GS2 header a client built by {@link ClientFactory} sends (RFC 5801 section 5, draft section 4.2). */
class ClientFactoryTest {
    private static final TlsChannelBinding BINDING = new TlsChannelBinding(TlsChannelBinding.TLS_SERVER_END_POINT,
            new byte[] {1, 2, 3});

    @Test
    void createWhenPlainMechanismButBindingAvailableThenFlagY() throws Exception {
        assertThat(initialResponse(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.CHANNEL_BINDING, BINDING)))
                .isEqualTo("y,,,,");
    }

    @Test
    void createWhenPlusMechanismThenFlagPNamesTheBindingType() throws Exception {
        assertThat(initialResponse(SamlecSasl.SAML20EC_PLUS, null, Map.of(SamlecSasl.CHANNEL_BINDING, BINDING)))
                .isEqualTo("p=tls-server-end-point,,,,");
    }

    @Test
    void createWhenNoBindingThenFlagN() throws Exception {
        assertThat(initialResponse(SamlecSasl.SAML20EC, null, Map.of())).isEqualTo("n,,,,");
    }

    @Test
    void createWhenEmptyAuthorizationIdThenNoneSent() throws Exception {
        assertThat(initialResponse(SamlecSasl.SAML20EC, "", Map.of())).isEqualTo("n,,,,");
    }

    private static String initialResponse(String mechanism, String authzid, Map<String, ?> props) throws Exception {
        SaslClient client = new ClientFactory().createSaslClient(new String[] {mechanism}, authzid, "ldap",
                "localhost", props, callbacks -> { });
        return new String(client.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8);
    }
}
