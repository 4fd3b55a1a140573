package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.NOW;
import static dev.samlec.mech.testing.TestSamlObjects.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.StatusCode;

/**
 * The pipeline order: a Response that breaks two checks fails with the earlier one's code; an unexpected runtime
 * failure fails closed.
 */
class PipelineOrderTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void orderWhenStatusAndSignatureBadThenStatusFirst() {
        byte[] xml = TestSamlObjects.unsigned().signAssertionWith(TestCredentials.attacker())
                .statusCode(StatusCode.RESPONDER).bytes();

        assertError(EcpError.STATUS_NOT_SUCCESS, () -> fixture.validate(xml));
    }

    @Test
    void orderWhenSignatureAndDestinationBadThenSignatureFirst() {
        byte[] xml = TestSamlObjects.unsigned().signResponseWith(TestCredentials.attacker())
                .destination("https://evil.example/").bytes();

        assertError(EcpError.INVALID_SIGNATURE, () -> fixture.validate(xml));
    }

    @Test
    void orderWhenIssuerAndDestinationBadThenIssuerFirst() {
        byte[] xml = TestSamlObjects.signedAssertion().responseIssuer("https://other.example/idp")
                .destination("https://evil.example/").bytes();

        assertError(EcpError.INVALID_ISSUER, () -> fixture.validate(xml));
    }

    @Test
    void orderWhenDestinationBadThenRequestIdNotConsumed() throws EcpException {
        byte[] xml = TestSamlObjects.signedResponse().destination("https://evil.example/").bytes();

        assertError(EcpError.INVALID_DESTINATION, () -> fixture.validate(xml));
        assertThat(fixture.tracker().consume(REQUEST_ID)).isTrue();
    }

    @Test
    void orderWhenInResponseToAndRecipientBadThenInResponseToFirst() {
        byte[] xml = TestSamlObjects.signedAssertion().answering("_unknown").assertion(a -> a.recipient("urn:x"))
                .bytes();

        assertError(EcpError.INVALID_IN_RESPONSE_TO, () -> fixture.validate(xml));
    }

    @Test
    void orderWhenRecipientAndConditionsBadThenConfirmationFirst() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.recipient("urn:x")
                .notOnOrAfter(NOW.minusSeconds(3600))).bytes();

        assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml));
    }

    @Test
    void orderWhenExpiredAndWrongAudienceThenExpiredFirst() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.notOnOrAfter(NOW.minusSeconds(3600))
                .audienceRestrictions(List.of("urn:other"))).bytes();

        assertError(EcpError.ASSERTION_EXPIRED, () -> fixture.validate(xml));
    }

    @Test
    void orderWhenWrongAudienceAndNoNameIdThenAudienceFirst() {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(a -> a.audienceRestrictions(List.of("urn:other"))
                .nameId(null)).bytes();

        assertError(EcpError.INVALID_AUDIENCE, () -> fixture.validate(xml));
    }

    @Test
    void failClosedWhenCollaboratorThrowsThenInternalError() {
        fixture.configure(b -> b.replayCache((key, expiry) -> {
            throw new IllegalStateException("cache backend down");
        }));

        assertError(EcpError.INTERNAL_ERROR, () -> fixture.validate(TestSamlObjects.signedAssertion().bytes()));
    }
}
