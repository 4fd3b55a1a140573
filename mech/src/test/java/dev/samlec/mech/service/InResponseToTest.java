package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** attacks.md PROTO-2 and PROTO-3: InResponseTo is bound to an issued request and consumed exactly once. */
class InResponseToTest {
    private static final String OTHER_ID = "_ffffffffffffffffffffffffffffffffffffffff";
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void expectWhenResponseAnswersOtherTrackedRequestThenInvalidInResponseTo() throws EcpException {
        fixture.tracker().track(OTHER_ID);
        byte[] xml = TestSamlObjects.signedAssertion().answering(OTHER_ID).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml));
        assertThat(fixture.tracker().consume(OTHER_ID)).as("the other session's ID stays usable").isTrue();
    }

    @Test
    void trackedWhenUnknownIdThenInvalidInResponseTo() {
        byte[] xml = TestSamlObjects.signedAssertion().answering(OTHER_ID).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml, ValidationContext.tracked()));
    }

    @Test
    void trackedWhenIssuedIdThenAcceptedAndConsumed() throws Exception {
        fixture.tracker().track(OTHER_ID);
        byte[] xml = TestSamlObjects.signedAssertion().answering(OTHER_ID).bytes();

        assertThat(fixture.validate(xml, ValidationContext.tracked()).nameId().value()).isEqualTo("alice");
        assertThat(fixture.tracker().consume(OTHER_ID)).isFalse();
    }

    @Test
    void expectWhenIdAlreadyConsumedThenInvalidInResponseTo() throws Exception {
        fixture.validate(TestSamlObjects.signedAssertion().bytes());
        byte[] second = TestSamlObjects.signedAssertion().assertion(a -> a.id("_another-assertion")).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(second));
    }

    @Test
    void expectWhenLaterCheckFailsThenIdIsConsumedAnyway() {
        byte[] bad = TestSamlObjects.signedAssertion().assertion(a -> a.recipient("https://evil.example/")).bytes();
        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(bad));

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(TestSamlObjects.signedAssertion().bytes()));
    }

    @Test
    void expectWhenRequestExpiredThenInvalidInResponseTo() {
        fixture.tracker();
        fixture.clock.advance(Duration.ofMinutes(5));
        byte[] xml = TestSamlObjects.signedAssertion()
                .issueInstant(fixture.clock.instant()).assertion(a -> a.issueInstant(fixture.clock.instant())
                        .confirmationNotOnOrAfter(fixture.clock.instant().plusSeconds(60))
                        .notOnOrAfter(fixture.clock.instant().plusSeconds(60))).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml));
    }

    @Test
    void responseVersusConfirmationWhenDifferentThenInvalidInResponseTo() throws EcpException {
        fixture.tracker().track(OTHER_ID);
        byte[] xml = TestSamlObjects.signedAssertion().inResponseTo(REQUEST_ID)
                .assertion(a -> a.confirmationInResponseTo(OTHER_ID)).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml));
    }

    @Test
    void responseInResponseToWhenUnsignedAndChangedThenInvalidInResponseTo() throws EcpException {
        // R-assert: Response/@InResponseTo is unsigned; the signed confirmation still answers the original ID.
        fixture.tracker().track(OTHER_ID);
        byte[] xml = TestSamlObjects.signedAssertion().inResponseTo(OTHER_ID).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml));
    }

    @Test
    void responseInResponseToWhenMissingThenInvalidInResponseTo() {
        byte[] xml = TestSamlObjects.signedAssertion().inResponseTo(null).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml));
    }

    @Test
    void confirmationInResponseToWhenMissingThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.confirmationInResponseTo(null)).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void unsolicitedWhenNoInResponseToAnywhereThenInvalidInResponseTo() {
        byte[] xml = TestSamlObjects.signedBoth().answering(null).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml, ValidationContext.tracked()));
    }

    @Test
    void uncheckedWhenUnsolicitedThenAcceptedForDiagnosticsOnly() throws Exception {
        byte[] xml = TestSamlObjects.signedBoth().answering(null).bytes();

        assertThat(fixture.validate(xml, ValidationContext.unchecked()).nameId().value()).isEqualTo("alice");
    }

    @Test
    void uncheckedWhenAnswersUnknownIdThenAcceptedWithoutConsuming() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().bytes();

        fixture.validate(xml, ValidationContext.unchecked());

        assertThat(fixture.tracker().consume(REQUEST_ID)).isTrue();
    }

    @Test
    void uncheckedWhenResponseAndConfirmationDisagreeThenInvalidInResponseTo() {
        byte[] xml = TestSamlObjects.signedAssertion().inResponseTo(OTHER_ID).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml, ValidationContext.unchecked()));
    }
}
