package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.NOW;
import static dev.samlec.mech.testing.TestSamlObjects.SP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.SamlResponseBuilder;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.ext.saml2delrestrict.DelegationRestrictionType;
import org.opensaml.saml.saml2.core.Condition;
import org.opensaml.saml.saml2.core.OneTimeUse;

/** attacks.md PROTO-6 and PROTO-7: validity window with skew (NotOnOrAfter exclusive) and AudienceRestriction. */
class ConditionsTest {
    private static final Duration SKEW = Duration.ofSeconds(180);
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void notOnOrAfterWhenPassedBeyondSkewThenExpired() {
        byte[] xml = signed().assertion(a -> a.notOnOrAfter(NOW.minus(SKEW).minusSeconds(1))).bytes();

        assertError(EcpError.ASSERTION_EXPIRED, () -> fixture.validate(xml));
    }

    @Test
    void notOnOrAfterWhenPassedThenTheMessageReadsForwards() {
        byte[] xml = signed().assertion(a -> a.notOnOrAfter(NOW.minus(Duration.ofMinutes(72)))).bytes();

        assertThat(assertError(EcpError.ASSERTION_EXPIRED, () -> fixture.validate(xml))).hasMessage(
                "the assertion expired at 2030-06-01T10:48:00Z (Conditions NotOnOrAfter), 72 minutes before now"
                        + " (2030-06-01T12:00:00Z, clock skew 180 s)");
    }

    @Test
    void notBeforeWhenAheadThenTheMessageReadsForwards() {
        byte[] xml = signed().assertion(a -> a.notBefore(NOW.plus(Duration.ofMinutes(33)))).bytes();

        assertThat(assertError(EcpError.ASSERTION_NOT_YET_VALID, () -> fixture.validate(xml))).hasMessage(
                "the assertion is valid only from 2030-06-01T12:33:00Z (Conditions NotBefore), 33 minutes after now"
                        + " (2030-06-01T12:00:00Z, clock skew 180 s); check the clocks of this host and the IdP");
    }

    @Test
    void notOnOrAfterWhenExactlyNowMinusSkewThenExpiredBecauseExclusive() {
        byte[] xml = signed().assertion(a -> a.notOnOrAfter(NOW.minus(SKEW))).bytes();

        assertError(EcpError.ASSERTION_EXPIRED, () -> fixture.validate(xml));
    }

    @Test
    void notOnOrAfterWhenEqualToNowWithoutSkewThenExpired() {
        fixture.configure(b -> b.clockSkew(Duration.ZERO));
        byte[] xml = signed().assertion(a -> a.notOnOrAfter(NOW)).bytes();

        assertError(EcpError.ASSERTION_EXPIRED, () -> fixture.validate(xml));
    }

    @Test
    void notOnOrAfterWhenOneMilliWithinSkewThenAccepted() throws Exception {
        byte[] xml = signed().assertion(a -> a.notOnOrAfter(NOW.minus(SKEW).plusMillis(1))).bytes();

        assertThat(fixture.validate(xml).expiry()).isEqualTo(NOW.minus(SKEW).plusMillis(1));
    }

    @Test
    void notBeforeWhenBeyondSkewInFutureThenNotYetValid() {
        byte[] xml = signed().assertion(a -> a.notBefore(NOW.plus(SKEW).plusSeconds(1))).bytes();

        assertError(EcpError.ASSERTION_NOT_YET_VALID, () -> fixture.validate(xml));
    }

    @Test
    void notBeforeWhenExactlyNowPlusSkewThenAcceptedBecauseInclusive() throws Exception {
        byte[] xml = signed().assertion(a -> a.notBefore(NOW.plus(SKEW)).issueInstant(NOW.plus(SKEW))).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void issueInstantWhenBeyondSkewInFutureThenNotYetValid() {
        byte[] xml = signed().assertion(a -> a.issueInstant(NOW.plus(SKEW).plusSeconds(1))).bytes();

        assertError(EcpError.ASSERTION_NOT_YET_VALID, () -> fixture.validate(xml));
    }

    @Test
    void clockWhenMovedPastExpiryThenExpired() {
        byte[] xml = signed().assertion(a -> a.notOnOrAfter(NOW.plusSeconds(60))).bytes();
        fixture.clock.advance(SKEW.plusSeconds(60));

        assertError(EcpError.ASSERTION_EXPIRED, () -> fixture.validate(xml));
    }

    @Test
    void audienceWhenOtherServiceThenInvalidAudience() {
        byte[] xml = signed().assertion(a -> a.audienceRestrictions(List.of("https://other.example.com/sp")))
                .bytes();

        assertError(EcpError.INVALID_AUDIENCE, () -> fixture.validate(xml));
    }

    @Test
    void audienceWhenPrefixOfEntityIdThenInvalidAudience() {
        byte[] xml = signed().assertion(a -> a.audienceRestrictions(List.of(SP + "/evil"), List.of(SP + "x")))
                .bytes();

        assertError(EcpError.INVALID_AUDIENCE, () -> fixture.validate(xml));
    }

    @Test
    void audienceWhenNoAudienceRestrictionThenInvalidAudience() {
        byte[] xml = signed().assertion(a -> a.audienceRestrictions()).bytes();

        assertError(EcpError.INVALID_AUDIENCE, () -> fixture.validate(xml));
    }

    @Test
    void audienceWhenNoConditionsThenInvalidAudience() {
        byte[] xml = signed().assertion(a -> a.conditions(false)).bytes();

        assertError(EcpError.INVALID_AUDIENCE, () -> fixture.validate(xml));
    }

    @Test
    void audienceWhenOneOfTwoRestrictionsLacksUsThenInvalidAudience() {
        byte[] xml = signed().assertion(a -> a.audienceRestrictions(List.of(SP), List.of("https://other.example/")))
                .bytes();

        assertError(EcpError.INVALID_AUDIENCE, () -> fixture.validate(xml));
    }

    @Test
    void audienceWhenOneRestrictionWithSeveralAudiencesIncludingUsThenAccepted() throws Exception {
        byte[] xml = signed().assertion(a -> a.audienceRestrictions(List.of("https://other.example/", SP),
                List.of(SP))).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void conditionsWhenOneTimeUseThenAccepted() throws Exception {
        byte[] xml = signed().assertion(a -> a.customize(x -> x.getConditions().getConditions().add(
                TestSamlObjects.create(OneTimeUse.DEFAULT_ELEMENT_NAME)))).bytes();

        assertThat(fixture.validate(xml).nameId().value()).isEqualTo("alice");
    }

    @Test
    void conditionsWhenUnknownConditionThenRejected() {
        byte[] xml = signed().assertion(a -> a.customize(x -> x.getConditions().getConditions().add(
                delegationRestriction()))).bytes();

        assertError(EcpError.INVALID_STRUCTURE, () -> fixture.validate(xml));
    }

    @Test
    void sessionNotOnOrAfterWhenPassedThenExpired() {
        byte[] xml = signed().assertion(a -> a.customize(x -> x.getAuthnStatements().get(0)
                .setSessionNotOnOrAfter(NOW.minus(SKEW).minusSeconds(1)))).bytes();

        assertError(EcpError.ASSERTION_EXPIRED, () -> fixture.validate(xml));
    }

    /** A saml:Condition xsi:type="del:DelegationRestrictionType", a condition samlec does not understand. */
    private static Condition delegationRestriction() {
        return (Condition) XMLObjectSupport.getBuilder(DelegationRestrictionType.TYPE_NAME)
                .buildObject(Condition.DEFAULT_ELEMENT_NAME, DelegationRestrictionType.TYPE_NAME);
    }

    private static SamlResponseBuilder signed() {
        return TestSamlObjects.signedAssertion();
    }
}
