package dev.samlec.sasl.internal;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.TlsChannelBinding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelBindingRulesTest {
    private static final TlsChannelBinding END_POINT = new TlsChannelBinding("tls-server-end-point", new byte[] {1, 2});
    private static final TlsChannelBinding EXPORTER = new TlsChannelBinding("tls-exporter", new byte[] {3, 4});

    private static InitialResponse parse(String message) throws EcpException {
        return InitialResponse.parse(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void negotiateWhenPlusAndMatchingTypeThenBoundToHeaderAndData() throws EcpException {
        Optional<ChannelBinding> bound = ChannelBindingRules.negotiate(SamlecSasl.SAML20EC_PLUS,
                parse("p=tls-exporter,a=bob,,,"), List.of(EXPORTER, END_POINT));

        assertThat(bound).isPresent();
        assertThat(bound.get().type()).isEqualTo("tls-exporter");
        byte[] header = "p=tls-exporter,a=bob,".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = new byte[header.length + 2];
        System.arraycopy(header, 0, expected, 0, header.length);
        expected[header.length] = 3;
        expected[header.length + 1] = 4;
        assertThat(bound.get().value()).isEqualTo(expected);
    }

    @Test
    void negotiateWhenYAndServerOffersPlusThenDowngrade() {
        assertError(EcpError.CHANNEL_BINDING_DOWNGRADE, () -> ChannelBindingRules.negotiate(SamlecSasl.SAML20EC,
                parse("y,,,,"), List.of(END_POINT)));
    }

    @Test
    void negotiateWhenYAndServerCannotBindThenUnbound() throws EcpException {
        assertThat(ChannelBindingRules.negotiate(SamlecSasl.SAML20EC, parse("y,,,,"), List.of())).isEmpty();
    }

    @Test
    void negotiateWhenNOnPlainMechanismThenUnbound() throws EcpException {
        assertThat(ChannelBindingRules.negotiate(SamlecSasl.SAML20EC, parse("n,,,,"), List.of(END_POINT))).isEmpty();
    }

    @Test
    void negotiateWhenPOnPlainMechanismThenRefused() {
        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> ChannelBindingRules.negotiate(SamlecSasl.SAML20EC,
                parse("p=tls-server-end-point,,,,"), List.of(END_POINT)));
    }

    @Test
    void negotiateWhenNOrYOnPlusThenDowngrade() {
        assertError(EcpError.CHANNEL_BINDING_DOWNGRADE, () -> ChannelBindingRules.negotiate(
                SamlecSasl.SAML20EC_PLUS, parse("n,,,,"), List.of(END_POINT)));
        assertError(EcpError.CHANNEL_BINDING_DOWNGRADE, () -> ChannelBindingRules.negotiate(
                SamlecSasl.SAML20EC_PLUS, parse("y,,,,"), List.of(END_POINT)));
    }

    @Test
    void negotiateWhenTypeNotOfferedThenMismatch() {
        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> ChannelBindingRules.negotiate(
                SamlecSasl.SAML20EC_PLUS, parse("p=tls-exporter,,,,"), List.of(END_POINT)));
        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> ChannelBindingRules.negotiate(
                SamlecSasl.SAML20EC_PLUS, parse("p=tls-unique,,,,"), List.of(END_POINT, EXPORTER)));
    }
}
