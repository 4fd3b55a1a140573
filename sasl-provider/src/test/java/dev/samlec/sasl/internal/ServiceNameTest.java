package dev.samlec.sasl.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.sasl.SamlecSasl;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceNameTest {
    @Test
    void ofWhenProtocolAndHostThenJoinedWithAt() throws EcpConfigurationException {
        assertThat(ServiceName.of("ldap", "ldap.example.org", Map.of())).isEqualTo("ldap@ldap.example.org");
    }

    @Test
    void ofWhenOverrideThenOverrideWins() throws EcpConfigurationException {
        assertThat(ServiceName.of("ldap", "h", Map.of(SamlecSasl.SERVICE_NAME, "urn:samlec:ldap@h")))
                .isEqualTo("urn:samlec:ldap@h");
    }

    @Test
    void ofWhenCharactersOutsideRfc3986ThenPercentEncoded() throws EcpConfigurationException {
        assertThat(ServiceName.of("my service", "h/é@x", null)).isEqualTo("my%20service@h%2F%C3%A9%40x");
    }

    @Test
    void ofWhenUnreservedAndSubDelimiterCharactersThenKeptAsTheyAre() throws EcpConfigurationException {
        assertThat(ServiceName.of("ldap", "-my-host_1.example~!$&'()*+;=:", null))
                .isEqualTo("ldap@-my-host_1.example~!$&'()*+;=:");
    }

    @Test
    void ofWhenHostMissingThenConfigurationError() {
        assertThatThrownBy(() -> ServiceName.of("ldap", null, Map.of()))
                .isInstanceOf(EcpConfigurationException.class).hasMessageContaining(SamlecSasl.SERVICE_NAME);
    }

    @Test
    void ofWhenOverrideNotStringThenConfigurationError() {
        assertThatThrownBy(() -> ServiceName.of("ldap", "h", Map.of(SamlecSasl.SERVICE_NAME, 42)))
                .isInstanceOf(EcpConfigurationException.class);
    }
}
