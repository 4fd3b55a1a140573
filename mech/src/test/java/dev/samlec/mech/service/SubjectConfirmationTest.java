package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.ACS;
import static dev.samlec.mech.testing.TestSamlObjects.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;

/** attacks.md PROTO-5 and PROTO-8: the bearer SubjectConfirmation checks, never mixing two confirmations. */
class SubjectConfirmationTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void recipientWhenOtherAcsThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.recipient("https://evil.example/acs"))
                .bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void recipientWhenTrailingSlashThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.recipient(ACS + "/")).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void recipientWhenMissingThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.recipient(null)).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void methodWhenHolderOfKeyThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion()
                .assertion(a -> a.method(SubjectConfirmation.METHOD_HOLDER_OF_KEY)).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void methodWhenSenderVouchesThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion()
                .assertion(a -> a.method(SubjectConfirmation.METHOD_SENDER_VOUCHES)).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void notBeforeWhenPresentOnBearerThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.confirmationNotBefore(NOW.minusSeconds(5)))
                .bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void notOnOrAfterWhenMissingThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.confirmationNotOnOrAfter(null)).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void notOnOrAfterWhenPassedBeyondSkewThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion()
                .assertion(a -> a.confirmationNotOnOrAfter(NOW.minus(Duration.ofSeconds(180)))).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void dataWhenMissingThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> x.getSubject()
                .getSubjectConfirmations().get(0).setSubjectConfirmationData(null))).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void confirmationsWhenNoneThenInvalidSubjectConfirmation() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.customize(x -> x.getSubject()
                .getSubjectConfirmations().clear())).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void confirmationsWhenBadOneThenGoodOneThenAcceptedWithGoodOnesExpiry() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.recipient("https://evil.example/acs")
                .confirmationNotOnOrAfter(NOW.plusSeconds(900))
                .customize(x -> addConfirmation(x, ACS, NOW.plusSeconds(200)))).bytes();

        assertThat(fixture.validate(xml).expiry()).isEqualTo(NOW.plusSeconds(200));
    }

    @Test
    void confirmationsWhenFieldsSplitAcrossTwoThenNeverMixed() {
        // #1 has the right Recipient but no NotOnOrAfter; #2 a NotOnOrAfter but the wrong Recipient.
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.confirmationNotOnOrAfter(null)
                .customize(x -> addConfirmation(x, "https://evil.example/acs", NOW.plusSeconds(200)))).bytes();

        EcpException e = assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
        assertThat(e.getMessage()).contains("#1", "#2", "NotOnOrAfter", "Recipient");
    }

    private static void addConfirmation(Assertion assertion, String recipient, java.time.Instant notOnOrAfter) {
        SubjectConfirmation confirmation = TestSamlObjects.create(SubjectConfirmation.DEFAULT_ELEMENT_NAME);
        confirmation.setMethod(SubjectConfirmation.METHOD_BEARER);
        SubjectConfirmationData data = TestSamlObjects.create(SubjectConfirmationData.DEFAULT_ELEMENT_NAME);
        data.setRecipient(recipient);
        data.setNotOnOrAfter(notOnOrAfter);
        data.setInResponseTo(TestSamlObjects.REQUEST_ID);
        confirmation.setSubjectConfirmationData(data);
        assertion.getSubject().getSubjectConfirmations().add(confirmation);
    }
}
