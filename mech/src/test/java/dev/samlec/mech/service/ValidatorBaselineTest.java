package dev.samlec.mech.service;

import static dev.samlec.mech.testing.TestSamlObjects.ACS;
import static dev.samlec.mech.testing.TestSamlObjects.AFFILIATION_OID;
import static dev.samlec.mech.testing.TestSamlObjects.IDP;
import static dev.samlec.mech.testing.TestSamlObjects.MAIL_OID;
import static dev.samlec.mech.testing.TestSamlObjects.NOW;
import static dev.samlec.mech.testing.TestSamlObjects.PERSISTENT;
import static dev.samlec.mech.testing.TestSamlObjects.PPT;
import static dev.samlec.mech.testing.TestSamlObjects.SP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.NameId;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.testing.ErrorAssert;
import dev.samlec.mech.testing.SamlResponseBuilder;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** attacks.md test 0: every baseline variant is accepted and yields the expected identity. */
class ValidatorBaselineTest {
    private final ServiceFixture fixture = new ServiceFixture();

    static Stream<Arguments> baselines() {
        return Stream.of(
                Arguments.of("R-resp", TestSamlObjects.signedResponse()),
                Arguments.of("R-assert", TestSamlObjects.signedAssertion()),
                Arguments.of("R-both", TestSamlObjects.signedBoth()),
                Arguments.of("R-enc", TestSamlObjects.encrypted()),
                Arguments.of("R-enc, signed Response", TestSamlObjects.encrypted()
                        .signResponseWith(TestCredentials.idp())),
                Arguments.of("R-enc, Response signed, assertion not", TestSamlObjects.signedResponse()
                        .encryptFor(TestCredentials.spEncryption().certificate())),
                Arguments.of("R-both, EC key", TestSamlObjects.unsigned()
                        .signAssertionWith(TestCredentials.idpEc()).signResponseWith(TestCredentials.idpEc())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baselines")
    void validateWhenBaselineThenAccepted(String name, SamlResponseBuilder baseline) throws Exception {
        SamlIdentity identity = fixture.validate(baseline.bytes());

        assertThat(identity.nameId().value()).isEqualTo("alice");
        assertThat(identity.issuer()).isEqualTo(IDP);
    }

    @Test
    void validateWhenBaselineThenIdentityFieldsExtracted() throws Exception {
        SamlIdentity identity = fixture.validate(TestSamlObjects.signedBoth().bytes());

        assertThat(identity.nameId()).isEqualTo(new NameId("alice", PERSISTENT, IDP, SP, null));
        assertThat(identity.nameId().format()).contains(PERSISTENT);
        assertThat(identity.attribute(MAIL_OID).flatMap(SamlAttribute::firstValue)).contains("alice@example.org");
        assertThat(identity.attribute("eduPersonAffiliation").map(SamlAttribute::values))
                .contains(List.of("member", "staff"));
        assertThat(identity.attribute("eduPersonAffiliation").get().name()).isEqualTo(AFFILIATION_OID);
        assertThat(identity.attribute("nope")).isEmpty();
        assertThat(identity.authnInstant()).contains(NOW.minusSeconds(10));
        assertThat(identity.authnContextClassRef()).contains(PPT);
        assertThat(identity.sessionIndex()).contains("_session-42");
        assertThat(identity.assertionId()).isEqualTo("_assert-8d3c2b1a0f9e8d7c6b5a");
        assertThat(identity.responseId()).isEqualTo("_resp-5b1f0c2e9a7d4e3f8c6b");
        assertThat(identity.expiry()).isEqualTo(NOW.plusSeconds(300));
        assertThat(identity.toString()).contains("alice", IDP).doesNotContain("example.org\"");
    }

    @Test
    void validateWhenConditionsExpireFirstThenExpiryIsConditionsNotOnOrAfter() throws Exception {
        SamlIdentity identity = fixture.validate(TestSamlObjects.signedAssertion()
                .assertion(a -> a.notOnOrAfter(NOW.plusSeconds(120))).bytes());

        assertThat(identity.expiry()).isEqualTo(NOW.plusSeconds(120));
    }

    @Test
    void validateWhenDocumentFromSecureParserThenAccepted() throws Exception {
        byte[] bytes = TestSamlObjects.signedResponse().bytes();

        SamlIdentity identity = fixture.validator().validate(
                SecureXmlParser.withDefaultLimit().parse(bytes, "test"), ValidationContext.expect(
                        TestSamlObjects.REQUEST_ID));

        assertThat(identity.nameId().value()).isEqualTo("alice");
    }

    @Test
    void validateWhenUnsignedThenSignatureMissing() {
        ErrorAssert.assertError(EcpError.SIGNATURE_MISSING,
                () -> fixture.validate(TestSamlObjects.unsigned().bytes()));
    }

    @Test
    void validateWhenSecondDecryptionKeyMatchesThenAccepted() throws Exception {
        fixture.configure(b -> b.decryptionKeys(List.of(TestCredentials.spEncryption2(),
                TestCredentials.spEncryption())));

        SamlIdentity identity = fixture.validate(TestSamlObjects.encrypted().bytes());

        assertThat(identity.nameId().value()).isEqualTo("alice");
    }

    @Test
    void validateWhenNotAResponseThenMalformedMessage() {
        ErrorAssert.assertError(EcpError.MALFORMED_MESSAGE, () -> fixture.validate(
                "<samlp:AuthnRequest xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' ID='_a' Version='2.0'/>"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void acsIsUsedVerbatim() {
        assertThat(fixture.settings().assertionConsumerServiceUrl()).isEqualTo(ACS);
    }
}
