package dev.samlec.mech.service;

import static dev.samlec.mech.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.GeneratedKeyMaterial;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.testing.SamlResponseBuilder;
import dev.samlec.mech.testing.ServiceFixture;
import dev.samlec.mech.testing.TestSamlObjects;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.ext.samlec.GeneratedKey;
import org.opensaml.saml.saml2.core.Advice;
import org.opensaml.saml.saml2.core.Assertion;

/**
 * The service's copy of a SAML-EC session key (draft section 5.3.1): one {@code samlec:GeneratedKey} in the
 * validated assertion's Advice, accepted only in an encrypted assertion. Each refusal fails if its check is removed.
 */
class GeneratedKeyValidationTest {
    private static final byte[] KEY = new byte[32];
    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i + 1);
        }
    }

    private final ServiceFixture fixture = new ServiceFixture();

    private static SamlResponseBuilder withKeys(SamlResponseBuilder builder, String... base64) {
        return builder.assertion(a -> a.customize(assertion -> addKeys(assertion, base64)));
    }

    private static void addKeys(Assertion assertion, String... base64) {
        Advice advice = assertion.getAdvice();
        if (advice == null) {
            advice = TestSamlObjects.create(Advice.DEFAULT_ELEMENT_NAME);
            assertion.setAdvice(advice);
        }
        for (String text : base64) {
            GeneratedKey key = TestSamlObjects.create(GeneratedKey.DEFAULT_ELEMENT_NAME);
            key.setValue(text);
            advice.getChildren().add(key);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void validateWhenEncryptedAssertionCarriesOneKeyThenIdentityHasIt() throws Exception {
        SamlIdentity identity = fixture.validate(withKeys(TestSamlObjects.encrypted(), b64(KEY)).bytes());

        GeneratedKeyMaterial key = identity.generatedKey().orElseThrow();
        assertThat(key.bytes()).containsExactly(KEY);
        assertThat(key.toString()).doesNotContain(b64(KEY));
        key.destroy();
        assertThat(key.isDestroyed()).isTrue();
    }

    @Test
    void validateWhenNoKeyThenIdentityHasNone() throws Exception {
        assertThat(fixture.validate(TestSamlObjects.encrypted().bytes()).generatedKey()).isEmpty();
    }

    @Test
    void validateWhenKeyInPlainAssertionThenSessionKeyMismatch() {
        byte[] xml = withKeys(TestSamlObjects.signedBoth(), b64(KEY)).bytes();

        assertError(EcpError.SESSION_KEY_MISMATCH, () -> fixture.validate(xml));
    }

    @Test
    void validateWhenTwoKeysThenSessionKeyMismatch() {
        byte[] xml = withKeys(TestSamlObjects.encrypted(), b64(KEY), b64(KEY)).bytes();

        assertError(EcpError.SESSION_KEY_MISMATCH, () -> fixture.validate(xml));
    }

    @Test
    void validateWhenKeyLongerThanCapThenSessionKeyMismatch() {
        byte[] xml = withKeys(TestSamlObjects.encrypted(), b64(new byte[GeneratedKeyMaterial.MAX_BYTES + 1])).bytes();

        assertError(EcpError.SESSION_KEY_MISMATCH, () -> fixture.validate(xml));
    }

    @Test
    void validateWhenKeyNotBase64ThenSessionKeyMismatch() {
        byte[] xml = withKeys(TestSamlObjects.encrypted(), "not*base64").bytes();

        assertError(EcpError.SESSION_KEY_MISMATCH, () -> fixture.validate(xml));
    }
}
