package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A request held by its exchange ({@link ValidationContext#expect(ExchangeRequest)}): bound to its ID, consumed in
 * itself exactly once before it expires, and independent of the service's shared {@link RequestTracker}.
 */
class ExchangeRequestTest {
    /** Not tracked by the fixture's tracker (which holds {@link TestSamlObjects#REQUEST_ID}). */
    private static final String OWN_ID = "_00000000000000000000000000000000000000e1";
    private final ServiceFixture fixture = new ServiceFixture();

    private static ExchangeRequest request(String id, Instant expiresAt) {
        return ExchangeRequest.of(new IssuedAuthnRequest(id, new byte[0], TestSamlObjects.NOW, expiresAt, false));
    }

    private static ExchangeRequest request(String id) {
        return request(id, TestSamlObjects.NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void consumeWhenCalledTwiceThenTrueOnlyOnce() {
        ExchangeRequest request = request(OWN_ID);

        assertThat(request.consume(TestSamlObjects.NOW)).isTrue();
        assertThat(request.consume(TestSamlObjects.NOW)).isFalse();
    }

    @Test
    void consumeWhenExpiredThenFalseAndStillUnansweredBefore() {
        ExchangeRequest request = request(OWN_ID, TestSamlObjects.NOW.plusSeconds(1));

        assertThat(request.consume(TestSamlObjects.NOW.plusSeconds(1))).isFalse();
        assertThat(request.consume(TestSamlObjects.NOW)).as("a late attempt did not use it up").isTrue();
    }

    @Test
    void ofWhenIssuedThenKeepsIdAndExpiryOnly() {
        Instant expiry = TestSamlObjects.NOW.plusSeconds(42);
        ExchangeRequest request = request(OWN_ID, expiry);

        assertThat(request.id()).isEqualTo(OWN_ID);
        assertThat(request.expiresAt()).isEqualTo(expiry);
        assertThat(request).hasToString("ExchangeRequest[" + OWN_ID + ", until " + expiry + "]");
    }

    @Test
    void expectExchangeWhenIdUnknownToTrackerThenAcceptedFromTheExchangeAlone() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().answering(OWN_ID).bytes();

        assertThat(fixture.validate(xml, ValidationContext.expect(request(OWN_ID))).nameId().value())
                .isEqualTo("alice");
    }

    @Test
    void expectExchangeWhenTrackerHoldsSameIdThenTrackerEntryUntouched() throws Exception {
        byte[] xml = TestSamlObjects.signedAssertion().bytes();

        fixture.validate(xml, ValidationContext.expect(request(TestSamlObjects.REQUEST_ID)));

        assertThat(fixture.tracker().consume(TestSamlObjects.REQUEST_ID)).isTrue();
    }

    @Test
    void expectExchangeWhenAnsweredTwiceThenSecondInvalidInResponseTo() throws Exception {
        ExchangeRequest request = request(OWN_ID);
        byte[] first = TestSamlObjects.signedAssertion().answering(OWN_ID).bytes();
        fixture.validate(first, ValidationContext.expect(request));
        byte[] second = TestSamlObjects.signedAssertion().answering(OWN_ID).responseId("_second-response")
                .assertion(a -> a.id("_second-assertion")).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(second, ValidationContext.expect(request)));
    }

    @Test
    void expectExchangeWhenResponseAnswersAnotherExchangeThenRefusedAndOwnRequestKept() throws Exception {
        ExchangeRequest mine = request(OWN_ID);
        byte[] theirs = TestSamlObjects.signedAssertion().bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(theirs, ValidationContext.expect(mine)));
        assertThat(mine.consume(TestSamlObjects.NOW)).isTrue();
    }

    @Test
    void expectExchangeWhenExpiredThenInvalidInResponseTo() {
        ExchangeRequest request = request(OWN_ID, TestSamlObjects.NOW.plus(Duration.ofMinutes(5)));
        fixture.clock.advance(Duration.ofMinutes(5));
        Instant now = fixture.clock.instant();
        byte[] xml = TestSamlObjects.signedAssertion().answering(OWN_ID).issueInstant(now)
                .assertion(a -> a.issueInstant(now).confirmationNotOnOrAfter(now.plusSeconds(60))
                        .notOnOrAfter(now.plusSeconds(60))).bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml, ValidationContext.expect(request)));
    }
}
