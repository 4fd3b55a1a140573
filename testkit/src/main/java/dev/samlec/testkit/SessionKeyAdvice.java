package dev.samlec.testkit;

import static dev.samlec.testkit.SamlObjects.build;

import java.util.Base64;
import org.opensaml.saml.ext.samlec.GeneratedKey;
import org.opensaml.saml.saml2.core.Advice;
import org.opensaml.saml.saml2.core.Assertion;

/**
 * Puts the service's copy of the session key in the assertion, as the draft (section 5.3.1) and OpenSAML's
 * {@code AddGeneratedKeyToAssertions} do: {@code <saml:Advice><samlec:GeneratedKey>base64</samlec:GeneratedKey>}
 * as a direct child of the assertion's Advice (created when there is none), before the assertion is signed and
 * encrypted. No SOAP attributes on this copy: they belong to the header block.
 */
final class SessionKeyAdvice {
    private SessionKeyAdvice() {
    }

    static void add(Assertion assertion, byte[] key) {
        Advice advice = assertion.getAdvice();
        if (advice == null) {
            advice = build(Advice.DEFAULT_ELEMENT_NAME);
            assertion.setAdvice(advice);
        }
        GeneratedKey element = build(GeneratedKey.DEFAULT_ELEMENT_NAME);
        element.setValue(Base64.getEncoder().encodeToString(key));
        advice.getChildren().add(element);
    }
}
