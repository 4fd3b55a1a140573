package dev.samlec.mech.internal.validation;

import java.util.ArrayList;
import java.util.List;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.SubjectConfirmation;

/** The bearer subject confirmations of an assertion. */
final class Bearer {
    private Bearer() {
    }

    static List<SubjectConfirmation> confirmations(Assertion assertion) {
        List<SubjectConfirmation> result = new ArrayList<>();
        if (assertion.getSubject() == null) {
            return result;
        }
        for (SubjectConfirmation c : assertion.getSubject().getSubjectConfirmations()) {
            if (SubjectConfirmation.METHOD_BEARER.equals(c.getMethod())) {
                result.add(c);
            }
        }
        return result;
    }
}
