package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlAttribute;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.service.ServiceProviderSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.EncryptedAttribute;

/**
 * Step 10b: builds the {@link SamlIdentity} from the validated assertion only: NameID, attributes (EncryptedAttributes
 * decrypted with the service's keys; two attributes with the same Name are refused), the AuthnStatement's instant,
 * context class and session index, and the expiry (the earliest of the Conditions' and the confirmation's
 * NotOnOrAfter). Runs before the replay step so that nothing is recorded for a Response that fails here.
 */
public final class IdentityStep implements ValidationStep {
    private final SamlDecrypter decrypter;

    /** The step for {@code settings}. */
    public IdentityStep(ServiceProviderSettings settings) {
        this.decrypter = new SamlDecrypter(settings.decryptionKeys(), settings.algorithmPolicy());
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        Assertion assertion = state.assertion();
        SamlIdentity.Builder identity = SamlIdentity.builder()
                .nameId(state.nameId())
                .issuer(state.issuer())
                .assertionId(assertion.getID())
                .responseId(state.response().getID())
                .expiry(expiry(state))
                .generatedKey(state.generatedKey());
        for (SamlAttribute attribute : attributes(assertion)) {
            identity.attribute(attribute);
        }
        AuthnStatement authn = assertion.getAuthnStatements().get(0);
        identity.authnInstant(authn.getAuthnInstant()).sessionIndex(authn.getSessionIndex());
        if (authn.getAuthnContext() != null && authn.getAuthnContext().getAuthnContextClassRef() != null) {
            identity.authnContextClassRef(Values.text(authn.getAuthnContext().getAuthnContextClassRef()));
        }
        state.identity(identity.build());
    }

    /** The earliest NotOnOrAfter of the Conditions and the selected confirmation. */
    static Instant expiry(ValidationState state) {
        Instant confirmation = state.confirmation().getSubjectConfirmationData().getNotOnOrAfter();
        Instant conditions = state.assertion().getConditions().getNotOnOrAfter();
        return conditions != null && conditions.isBefore(confirmation) ? conditions : confirmation;
    }

    /** The latest NotOnOrAfter of the Conditions and the selected confirmation. */
    static Instant latestExpiry(ValidationState state) {
        Instant confirmation = state.confirmation().getSubjectConfirmationData().getNotOnOrAfter();
        Instant conditions = state.assertion().getConditions().getNotOnOrAfter();
        return conditions != null && conditions.isAfter(confirmation) ? conditions : confirmation;
    }

    private List<SamlAttribute> attributes(Assertion assertion) throws EcpException {
        List<SamlAttribute> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (AttributeStatement statement : assertion.getAttributeStatements()) {
            List<Attribute> attributes = new ArrayList<>(statement.getAttributes());
            for (EncryptedAttribute encrypted : statement.getEncryptedAttributes()) {
                attributes.add(decrypter.decrypt(encrypted));
            }
            for (Attribute attribute : attributes) {
                if (attribute.getName() == null || attribute.getName().isBlank()) {
                    throw Values.fail(EcpError.INVALID_STRUCTURE, "Attribute Name: required, saw none");
                }
                if (!names.add(attribute.getName())) {
                    throw Values.fail(EcpError.INVALID_STRUCTURE, "Attribute Name: expected each name once, saw "
                            + Values.quote(attribute.getName()) + " twice");
                }
                List<String> values = new ArrayList<>();
                for (XMLObject value : attribute.getAttributeValues()) {
                    String text = Values.text(value);
                    values.add(text == null ? "" : text);
                }
                result.add(new SamlAttribute(attribute.getName(), attribute.getFriendlyName(), values));
            }
        }
        return result;
    }
}
