package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.SamlResponseBuilder;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The channel-binding step (SAML20EC-PLUS): with a binding in the {@link ValidationContext}, the signed assertion's
 * Advice must carry exactly that binding; without one, Advice bindings are ignored.
 */
class ChannelBindingValidationTest {
    static final ChannelBinding CB = binding(ChannelBinding.TLS_EXPORTER, "p=tls-exporter,,", (byte) 7);
    static final ValidationContext WITH_CB = ValidationContext.expect(REQUEST_ID).withChannelBinding(CB);

    private final ServiceFixture fixture = new ServiceFixture();

    /** {@code gs2Header || 32 bytes of fill}, as the SASL mechanism computes it. */
    static ChannelBinding binding(String type, String gs2Header, byte fill) {
        byte[] header = gs2Header.getBytes(StandardCharsets.US_ASCII);
        byte[] value = Arrays.copyOf(header, header.length + 32);
        Arrays.fill(value, header.length, value.length, fill);
        return new ChannelBinding(type, value);
    }

    static Stream<Arguments> signedVariants() {
        return Stream.of(
                Arguments.of("assertion signed", TestSamlObjects.signedAssertion()),
                Arguments.of("Response signed, assertion not", TestSamlObjects.signedResponse()),
                Arguments.of("both signed", TestSamlObjects.signedBoth()),
                Arguments.of("assertion signed and encrypted", TestSamlObjects.encrypted()),
                Arguments.of("Response signed, assertion encrypted", TestSamlObjects.signedResponse()
                        .encryptFor(TestCredentials.spEncryption().certificate())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedVariants")
    void validateWhenAdviceCarriesTheBindingThenAccepted(String name, SamlResponseBuilder response)
            throws EcpException {
        byte[] xml = response.channelBindingInAdvice(CB).bytes();

        assertThat(fixture.validate(xml, WITH_CB).nameId().value()).isEqualTo("alice");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedVariants")
    void validateWhenAdviceHasNoBindingThenMismatch(String name, SamlResponseBuilder response) {
        byte[] xml = response.bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenAdviceHoldsOnlyAnotherTypeThenMismatch() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.adviceChannelBinding("other", "AAAA"))
                .bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenTypeDiffersThenMismatch() {
        ChannelBinding sameValueOtherType = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, CB.value());
        byte[] xml = TestSamlObjects.signedAssertion().channelBindingInAdvice(sameValueOtherType).bytes();

        EcpException e = assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
        assertThat(e.getMessage()).contains("tls-exporter", "tls-server-end-point");
    }

    @Test
    void validateWhenTypeAttributeMissingThenMismatch() {
        byte[] xml = TestSamlObjects.signedAssertion()
                .assertion(a -> a.adviceChannelBinding(null, encode(CB.value()))).bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenValueDiffersThenMismatch() {
        byte[] other = CB.value();
        other[other.length - 1] ^= 1;
        byte[] xml = TestSamlObjects.signedAssertion()
                .channelBindingInAdvice(new ChannelBinding(CB.type(), other)).bytes();

        EcpException e = assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
        assertThat(e.getMessage()).doesNotContain(encode(other), encode(CB.value()));
    }

    @Test
    void validateWhenOtherGs2HeaderThenMismatch() {
        ChannelBinding otherAuthzid = binding(ChannelBinding.TLS_EXPORTER, "p=tls-exporter,a=mallory,", (byte) 7);
        byte[] xml = TestSamlObjects.signedAssertion().channelBindingInAdvice(otherAuthzid).bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenValueIsNotBase64ThenMismatch() {
        byte[] xml = TestSamlObjects.signedAssertion()
                .assertion(a -> a.adviceChannelBinding(CB.type(), encode(CB.value()) + "!")).bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenValueEmptyThenMismatch() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.adviceChannelBinding(CB.type(), ""))
                .bytes();

        assertError(EcpError.CHANNEL_BINDING_MISMATCH, () -> fixture.validate(xml, WITH_CB));
    }

    @Test
    void validateWhenBase64HasLineBreaksThenAccepted() throws EcpException {
        String encoded = encode(CB.value());
        String wrapped = encoded.substring(0, 20) + "\n  " + encoded.substring(20) + "\r\n";
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.adviceChannelBinding(CB.type(), wrapped))
                .bytes();

        assertThat(fixture.validate(xml, WITH_CB).nameId().value()).isEqualTo("alice");
    }

    @Test
    void validateWhenAnotherTypeAlsoPresentThenItIsIgnored() throws EcpException {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.adviceChannelBinding("tls-unique", "AAAA"))
                .channelBindingInAdvice(CB).bytes();

        assertThat(fixture.validate(xml, WITH_CB).nameId().value()).isEqualTo("alice");
    }

    @Test
    void validateWhenNoBindingExpectedThenAdviceBindingsIgnored() throws EcpException {
        byte[] wrong = TestSamlObjects.signedAssertion()
                .channelBindingInAdvice(binding("tls-exporter", "n,,", (byte) 1)).bytes();
        byte[] none = TestSamlObjects.signedAssertion().bytes();

        assertThat(fixture.validate(wrong).nameId().value()).isEqualTo("alice");
        assertThat(new ServiceFixture().validate(none).nameId().value()).isEqualTo("alice");
    }

    @Test
    void contextWhenChannelBindingAddedThenOtherFieldsKept() {
        ValidationContext context = ValidationContext.expect(REQUEST_ID).withExpectedIssuer(TestSamlObjects.IDP)
                .withChannelBinding(CB);

        assertThat(context.channelBinding()).contains(CB);
        assertThat(context.expectedIssuer()).contains(TestSamlObjects.IDP);
        assertThat(context.requestId()).contains(REQUEST_ID);
        assertThat(context.withExpectedIssuer(TestSamlObjects.IDP2).channelBinding()).contains(CB);
        assertThat(ValidationContext.tracked().channelBinding()).isEmpty();
    }

    static String encode(byte[] value) {
        return Base64.getEncoder().encodeToString(value);
    }
}
