package dev.samlec.mech.service;

import static dev.samlec.mech.testing.FuzzContract.holds;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samlec.mech.EcpError.Category;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.FuzzContract;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestDom;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;

/**
 * Fuzz targets for {@link ResponseValidator} with an oracle (issue 10, part 8): the fuzzer mutates genuine signed
 * Responses, as bytes and as structured DOM edits (text, attributes, removal, copies of signed elements placed
 * elsewhere as in signature wrapping, moves, wrappers); every input gets a fresh service (tracker and replay
 * cache), so the genuine Response is accepted once per input. Contract: {@link FuzzContract} with validation and
 * protocol codes, and any identity the validator accepts is exactly the signed one ({@link #GENUINE}: NameID,
 * issuer, attributes, assertion ID, authentication statement). Seeds (the attacks.md baselines R-resp, R-assert,
 * R-both, R-enc, EC-signed) in {@code ResponseValidatorFuzzTestInputs/<method>/}.
 */
class ResponseValidatorFuzzTest {
    private static final Set<Category> REFUSALS = Set.of(Category.VALIDATION, Category.PROTOCOL);
    /** The baselines the structured target edits. */
    private static final List<byte[]> BASELINES = List.of(
            TestSamlObjects.signedResponse().bytes(),
            TestSamlObjects.signedAssertion().bytes(),
            TestSamlObjects.signedBoth().bytes(),
            TestSamlObjects.encrypted().bytes(),
            TestSamlObjects.encrypted().signResponseWith(TestCredentials.idp()).bytes(),
            TestSamlObjects.unsigned().signAssertionWith(TestCredentials.idpEc()).bytes());
    /** The identity every baseline carries; the only one the validator may ever accept. */
    private static final SamlIdentity GENUINE = genuineIdentity();

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void validateWhenSignedResponseBytesFuzzedThenOnlyTheSignedIdentity(byte[] input) {
        holds(REFUSALS, () -> assertGenuine(new ServiceFixture().validate(input)));
    }

    @FuzzTest
    @Timeout(FuzzContract.TIMEOUT_SECONDS)
    void validateWhenSignedResponseEditedThenOnlyTheSignedIdentity(FuzzedDataProvider data) {
        Document response = TestDom.parse(BASELINES.get(data.consumeInt(0, BASELINES.size() - 1)));
        try {
            new ResponseEdits(response, data).apply();
        } catch (DOMException harnessLimit) {
            return;
        }
        byte[] edited = ResponseEdits.serialise(response);
        if (edited == null) {
            return;
        }
        holds(REFUSALS, () -> assertGenuine(new ServiceFixture().validate(edited)));
    }

    /** Fails the fuzz test when {@code accepted} differs from the signed identity in anything it asserts. */
    static void assertGenuine(SamlIdentity accepted) {
        boolean same = accepted.nameId().equals(GENUINE.nameId())
                && accepted.issuer().equals(GENUINE.issuer())
                && accepted.attributes().equals(GENUINE.attributes())
                && accepted.assertionId().equals(GENUINE.assertionId())
                && accepted.authnInstant().equals(GENUINE.authnInstant())
                && accepted.authnContextClassRef().equals(GENUINE.authnContextClassRef())
                && accepted.sessionIndex().equals(GENUINE.sessionIndex())
                && !accepted.expiry().isAfter(GENUINE.expiry());
        if (!same) {
            throw new AssertionError("the validator accepted an identity that is not the signed one: " + accepted
                    + " " + accepted.attributes() + " (signed: " + GENUINE + " " + GENUINE.attributes() + ")");
        }
    }

    private static SamlIdentity genuineIdentity() {
        try {
            SamlIdentity first = new ServiceFixture().validate(BASELINES.get(0));
            for (byte[] baseline : BASELINES) {
                SamlIdentity other = new ServiceFixture().validate(baseline);
                if (!Objects.equals(other.nameId(), first.nameId())
                        || !other.attributes().equals(first.attributes())) {
                    throw new IllegalStateException("the baselines carry different identities");
                }
            }
            return first;
        } catch (EcpException e) {
            throw new IllegalStateException("a baseline is not accepted: " + e, e);
        }
    }
}
