package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Provider;
import java.security.Security;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServerFactory;
import dev.samlec.sasl.internal.ClientFactory;
import dev.samlec.sasl.internal.ServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamlecSaslProviderTest {
    private static final TlsChannelBinding BINDING = new TlsChannelBinding("tls-server-end-point", new byte[] {7});

    @AfterEach
    void removeProvider() {
        SamlecSaslProvider.uninstall();
    }

    @Test
    void installWhenCalledTwiceThenAddedOnce() {
        assertThat(SamlecSaslProvider.install()).isTrue();
        assertThat(SamlecSaslProvider.install()).isFalse();

        assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals(SamlecSaslProvider.NAME)).hasSize(1);
        assertThat(SamlecSaslProvider.uninstall()).isTrue();
        assertThat(SamlecSaslProvider.uninstall()).isFalse();
        assertThat(Security.getProvider(SamlecSaslProvider.NAME)).isNull();
    }

    @Test
    void classLoadWhenNotInstalledThenNothingRegistered() {
        new SamlecSaslProvider();
        assertThat(Security.getProvider(SamlecSaslProvider.NAME)).isNull();
    }

    @Test
    void createSaslClientWhenInstalledThenFoundByNameAndGoneAfterUninstall() throws SaslException {
        SamlecSaslProvider.install();
        SaslClient client = Sasl.createSaslClient(new String[] {"SAML20EC"}, null, "ldap", "localhost", Map.of(),
                callbacks -> { });
        assertThat(client).isNotNull();
        assertThat(client.getMechanismName()).isEqualTo(SamlecSasl.SAML20EC);
        assertThat(client.hasInitialResponse()).isTrue();

        SamlecSaslProvider.uninstall();
        assertThat(Sasl.createSaslClient(new String[] {"SAML20EC"}, null, "ldap", "localhost", Map.of(),
                callbacks -> { })).isNull();
    }

    @Test
    void createSaslClientWhenPlusWithoutBindingThenNextMechanismChosen() throws SaslException {
        SamlecSaslProvider.install();
        SaslClient client = Sasl.createSaslClient(new String[] {"SAML20EC-PLUS", "SAML20EC"}, null, "ldap",
                "localhost", Map.of(), callbacks -> { });
        assertThat(client.getMechanismName()).isEqualTo(SamlecSasl.SAML20EC);
    }

    @Test
    void createSaslClientWhenPlusWithBindingThenPlus() throws SaslException {
        SamlecSaslProvider.install();
        SaslClient client = Sasl.createSaslClient(new String[] {"SAML20EC-PLUS", "SAML20EC"}, null, "ldap",
                "localhost", Map.of(SamlecSasl.CHANNEL_BINDING, BINDING), callbacks -> { });
        assertThat(client.getMechanismName()).isEqualTo(SamlecSasl.SAML20EC_PLUS);
    }

    @Test
    void createSaslServerWhenNoAcceptorThenConfigurationError() {
        SamlecSaslProvider.install();
        assertThatThrownBy(() -> Sasl.createSaslServer("SAML20EC", "ldap", "localhost", Map.of(), null))
                .isInstanceOf(SamlecSaslException.class).hasMessageStartingWith("invalid_configuration: ")
                .hasMessageContaining(SamlecSasl.ACCEPTOR);
    }

    @Test
    void directCreateWhenNotInstalledThenSameClientsAndServersAsThroughTheJdk() throws SaslException {
        SaslClient client = SamlecSaslProvider.createSaslClient(new String[] {"PLAIN", "SAML20EC-PLUS", "SAML20EC"},
                null, "ldap", "localhost", Map.of(), callbacks -> { });

        assertThat(Security.getProvider(SamlecSaslProvider.NAME)).isNull();
        assertThat(client.getMechanismName()).isEqualTo(SamlecSasl.SAML20EC);
        assertThat(SamlecSaslProvider.createSaslClient(new String[] {"PLAIN"}, null, "ldap", "localhost", Map.of(),
                callbacks -> { })).isNull();
        assertThat(SamlecSaslProvider.createSaslServer("PLAIN", "ldap", "localhost", Map.of(), null)).isNull();
        assertThatThrownBy(() -> SamlecSaslProvider.createSaslServer("SAML20EC", "ldap", "localhost", Map.of(), null))
                .isInstanceOf(SamlecSaslException.class).hasMessageContaining(SamlecSasl.ACCEPTOR);
    }

    @Test
    void directCreateWhenMechanismDisabledByTheJdkPropertyThenNull() throws SaslException {
        // The JDK's Sasl reads jdk.sasl.disabledMechanisms once per JVM; the direct path reads it on each call.
        String before = Security.getProperty("jdk.sasl.disabledMechanisms");
        Security.setProperty("jdk.sasl.disabledMechanisms", "DIGEST-MD5, SAML20EC");
        try {
            assertThat(SamlecSaslProvider.createSaslClient(new String[] {"SAML20EC"}, null, "ldap", "localhost",
                    Map.of(), callbacks -> { })).isNull();
            assertThat(SamlecSaslProvider.createSaslServer("SAML20EC", "ldap", "localhost", Map.of(), null))
                    .isNull();
            assertThat(SamlecSaslProvider.createSaslClient(new String[] {"SAML20EC", "SAML20EC-PLUS"}, null, "ldap",
                    "localhost", Map.of(SamlecSasl.CHANNEL_BINDING, BINDING), callbacks -> { }).getMechanismName())
                    .isEqualTo(SamlecSasl.SAML20EC_PLUS);
        } finally {
            Security.setProperty("jdk.sasl.disabledMechanisms", before == null ? "" : before);
        }
    }

    @Test
    void factoriesWhenOtherMechanismThenNull() throws SaslException {
        SaslClientFactory client = clientFactory();
        SaslServerFactory server = serverFactory();

        assertThat(client.createSaslClient(new String[] {"PLAIN"}, null, "ldap", "h", Map.of(), null)).isNull();
        assertThat(server.createSaslServer("PLAIN", "ldap", "h", Map.of(), null)).isNull();
    }

    @Test
    void serviceLoaderWhenProvidersListedThenSamlecFound() {
        assertThat(ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::type))
                .contains(SamlecSaslProvider.class);
    }

    @ParameterizedTest(name = "[{index}] {0}={1}, binding={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "                                            |      | false | SAML20EC",
        "                                            |      | true  | SAML20EC-PLUS,SAML20EC",
        "javax.security.sasl.policy.noplaintext     | true | true  | SAML20EC-PLUS,SAML20EC",
        "javax.security.sasl.policy.nodictionary    | true | false | SAML20EC",
        "javax.security.sasl.policy.noanonymous     | true | false | SAML20EC",
        "javax.security.sasl.policy.noactive        | true | true  | SAML20EC-PLUS",
        "javax.security.sasl.policy.noactive        | true | false | ",
        "javax.security.sasl.policy.noactive        | false| false | SAML20EC",
        "javax.security.sasl.policy.forward         | true | true  | ",
        "javax.security.sasl.policy.credentials     | true | true  | ",
        "dev.samlec.sasl.channelBindingRequired      | true | true  | SAML20EC-PLUS",
        "dev.samlec.sasl.channelBindingRequired      | true | false | ",
    })
    void getMechanismNamesWhenPolicyThenFiltered(String key, String value, boolean binding, String expected) {
        Map<String, Object> props = new HashMap<>();
        if (key != null) {
            props.put(key, value);
        }
        if (binding) {
            props.put(SamlecSasl.CHANNEL_BINDING, BINDING);
        }
        List<String> names = expected == null ? List.of() : List.of(expected.split(","));

        assertThat(clientFactory().getMechanismNames(props)).containsExactlyElementsOf(names);
        assertThat(serverFactory().getMechanismNames(props)).containsExactlyElementsOf(names);
    }

    @Test
    void getMechanismNamesWhenNoPropsThenBoth() {
        assertThat(clientFactory().getMechanismNames(null)).containsExactly("SAML20EC-PLUS", "SAML20EC");
    }

    @Test
    void createSaslClientWhenPolicyForbidsThenNull() throws SaslException {
        Map<String, ?> props = Map.of(Sasl.POLICY_NOACTIVE, "true");
        assertThat(clientFactory().createSaslClient(new String[] {"SAML20EC"}, null, "ldap", "h", props, null))
                .isNull();
    }

    private static SaslClientFactory clientFactory() {
        return new ClientFactory();
    }

    private static SaslServerFactory serverFactory() {
        return new ServerFactory();
    }
}
