package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static dev.samlec.mech.testing.TestSamlObjects.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.AssertionSpec;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensaml.saml.saml2.core.SubjectConfirmation;

/**
 * When no bearer SubjectConfirmation passes, the error names, for each confirmation, the field that failed with the
 * expected and the seen value (design.md invariant: messages name the field, the expected and the seen value), so an
 * operator can tell an IdP's clock from its Recipient or InResponseTo.
 */
class SubjectConfirmationReasonsTest {
    private final ServiceFixture fixture = new ServiceFixture();

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of("sender-vouches", (Consumer<AssertionSpec>) a -> a.method(
                        SubjectConfirmation.METHOD_SENDER_VOUCHES), "#1 Method: expected '"
                        + SubjectConfirmation.METHOD_BEARER + "', saw '" + SubjectConfirmation.METHOD_SENDER_VOUCHES),
                Arguments.of("no data", (Consumer<AssertionSpec>) a -> a.customize(x -> x.getSubject()
                        .getSubjectConfirmations().get(0).setSubjectConfirmationData(null)),
                        "#1 SubjectConfirmationData: required, saw none"),
                Arguments.of("other Recipient", (Consumer<AssertionSpec>) a -> a.recipient("https://evil.example/acs"),
                        "#1 Recipient: expected '" + TestSamlObjects.ACS + "', saw 'https://evil.example/acs'"),
                Arguments.of("expired", (Consumer<AssertionSpec>) a -> a.confirmationNotOnOrAfter(
                        NOW.minus(Duration.ofSeconds(181))), "#1 the bearer confirmation expired at "
                        + NOW.minus(Duration.ofSeconds(181)) + " (SubjectConfirmationData NotOnOrAfter), 181 seconds"
                        + " before now (" + NOW + ", clock skew 180 s)"),
                Arguments.of("NotBefore", (Consumer<AssertionSpec>) a -> a.confirmationNotBefore(NOW.minusSeconds(5)),
                        "#1 NotBefore: must be absent on a bearer confirmation, saw " + NOW.minusSeconds(5)),
                Arguments.of("no InResponseTo", (Consumer<AssertionSpec>) a -> a.confirmationInResponseTo(null),
                        "#1 InResponseTo: expected '" + TestSamlObjects.REQUEST_ID + "', saw none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defects")
    void validateWhenOnlyConfirmationFailsThenMessageNamesFieldExpectedAndSeen(String name,
            Consumer<AssertionSpec> defect, String reason) {
        byte[] xml = TestSamlObjects.signedAssertion().assertion(defect).bytes();

        assertThat(assertError(EcpError.INVALID_SUBJECT_CONFIRMATION, () -> fixture.validate(xml)).getMessage())
                .contains(reason);
    }
}
