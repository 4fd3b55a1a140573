package dev.samlec.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.TlsChannelBinding;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
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

    @Test
    void createWhenHolderOfKeyCertificateThenHokSent() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", TestCredentials.spSigning().privateKey(), "pw".toCharArray(),
                new Certificate[] {TestCredentials.spSigning().certificate()});

        assertThat(initialResponse(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.HOLDER_OF_KEY,
                IdpCredentials.clientCertificate(keys, "pw".toCharArray())))).isEqualTo("n,," + InitialResponse.HOK
                + ",,");
    }

    @Test
    void createWhenHolderOfKeyPropertyOfWrongTypeThenInvalidConfiguration() {
        assertThatThrownBy(() -> initialResponse(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.HOLDER_OF_KEY, "true")))
                .isInstanceOfSatisfying(SamlecSaslException.class,
                        e -> assertThat(e.error()).isEqualTo(EcpError.INVALID_CONFIGURATION))
                .hasMessageContaining(SamlecSasl.HOLDER_OF_KEY);
    }

    private static String initialResponse(String mechanism, String authzid, Map<String, ?> props) throws Exception {
        SaslClient client = new ClientFactory().createSaslClient(new String[] {mechanism}, authzid, "ldap",
                "localhost", props, callbacks -> { });
        return new String(client.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8);
    }
}
