package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.NameId;
import dev.samlec.mech.service.ServiceProviderSettings;
import java.time.Duration;
import java.util.List;
import org.opensaml.saml.common.SAMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.w3c.dom.Element;

/**
 * Step 10: the Subject's NameID (an EncryptedID is decrypted with the service's keys, or refused) must be present,
 * non-empty, without leading or trailing whitespace or control characters, and plain text; the value is the element's
 * full text content, so a comment or CDATA split can never truncate it. The assertion must hold exactly one
 * AuthnStatement, whose SessionNotOnOrAfter (if any) has not passed.
 */
public final class SubjectStep implements ValidationStep {
    private final SamlDecrypter decrypter;
    private final Duration skew;

    /** The step for {@code settings}. */
    public SubjectStep(ServiceProviderSettings settings) {
        this.decrypter = new SamlDecrypter(settings.decryptionKeys(), settings.algorithmPolicy());
        this.skew = settings.clockSkew();
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        Assertion assertion = state.assertion();
        state.nameId(nameId(assertion.getSubject()));
        List<AuthnStatement> statements = assertion.getAuthnStatements();
        if (statements.size() != 1) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Assertion AuthnStatement: expected exactly one, saw "
                    + statements.size());
        }
        if (TimeWindow.expired(state.now(), skew, statements.get(0).getSessionNotOnOrAfter())) {
            throw Values.fail(EcpError.ASSERTION_EXPIRED, "AuthnStatement SessionNotOnOrAfter: expected after "
                    + state.now().minus(skew) + ", saw " + statements.get(0).getSessionNotOnOrAfter());
        }
    }

    private NameId nameId(Subject subject) throws EcpException {
        if (subject == null) {
            throw Values.fail(EcpError.INVALID_SUBJECT, "Assertion Subject: required, saw none");
        }
        NameID nameId = subject.getNameID();
        if (nameId == null && subject.getEncryptedID() != null) {
            if (!decrypter.hasKeys()) {
                throw Values.fail(EcpError.INVALID_SUBJECT, "Subject EncryptedID: no decryption key is configured");
            }
            SAMLObject decrypted = decrypter.decrypt(subject.getEncryptedID());
            if (!(decrypted instanceof NameID)) {
                throw Values.fail(EcpError.INVALID_SUBJECT, "Subject EncryptedID: expected an encrypted NameID, saw "
                        + decrypted.getElementQName().getLocalPart());
            }
            nameId = (NameID) decrypted;
        }
        if (nameId == null) {
            throw Values.fail(EcpError.INVALID_SUBJECT, "Subject NameID: required, saw none");
        }
        Element dom = nameId.getDOM();
        if (dom == null || !Dom.children(dom).isEmpty()) {
            throw Values.fail(EcpError.INVALID_SUBJECT, "Subject NameID: expected text content only");
        }
        String value = dom.getTextContent();
        if (value.isBlank() || !value.strip().equals(value) || value.chars().anyMatch(Character::isISOControl)) {
            throw Values.fail(EcpError.INVALID_SUBJECT, "Subject NameID: expected a non-empty value without "
                    + "surrounding whitespace or control characters, saw " + Values.quote(value));
        }
        return new NameId(value, nameId.getFormat(), nameId.getNameQualifier(), nameId.getSPNameQualifier(),
                nameId.getSPProvidedID());
    }
}
